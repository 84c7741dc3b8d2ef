import type { Coverage } from "../reports/schema.js";
import { QaInputError } from "./errors.js";
import { parseXml, reportParser, type XmlNode } from "./xml.js";

/** Covered and total counts per metric; counts from several files add up. */
export interface CoverageCounts {
  lines?: { covered: number; total: number };
  branches?: { covered: number; total: number };
  functions?: { covered: number; total: number };
}

export type CoverageFormat = "lcov" | "istanbul-summary" | "cobertura";

/**
 * Parses a coverage file, detecting the format from its content: lcov (`SF:`/`LF:`/`LH:`
 * records, as c8, nyc, Vitest and Jest write it), Istanbul's `coverage-summary.json`
 * (`total.lines.covered/total`), or Cobertura XML (`<coverage lines-covered lines-valid …>`,
 * as coverage.py/pytest-cov, JaCoCo converters and c8 write it).
 *
 * @throws QaInputError naming the file when it is none of these, is malformed, or states an
 *   impossible figure (more covered than total, a negative count, a rate above 100 %)
 */
export function parseCoverage(
  text: string,
  file: string,
): { format: CoverageFormat; counts: CoverageCounts } {
  const trimmed = text.trimStart();
  if (!trimmed) throw new QaInputError(file, "the coverage file is empty");
  if (trimmed.startsWith("{"))
    return { format: "istanbul-summary", counts: possible(istanbulSummary(trimmed, file), file) };
  if (trimmed.startsWith("<"))
    return { format: "cobertura", counts: possible(cobertura(trimmed, file), file) };
  if (/^(TN|SF):/m.test(trimmed)) return { format: "lcov", counts: possible(lcov(trimmed, file), file) };
  throw new QaInputError(
    file,
    "not a coverage report Flightdeck reads (lcov, Istanbul coverage-summary.json or Cobertura XML)",
  );
}

// Coverage above 100 % or below 0 is an input error, never a figure in a report.
function possible(counts: CoverageCounts, file: string): CoverageCounts {
  for (const k of ["lines", "branches", "functions"] as const) {
    const c = counts[k];
    if (!c) continue;
    if (!Number.isFinite(c.covered) || !Number.isFinite(c.total) || c.covered < 0 || c.total < 0)
      throw new QaInputError(file, `${k}: covered ${c.covered} of ${c.total} — counts cannot be negative`);
    if (c.covered > c.total)
      throw new QaInputError(
        file,
        `${k}: covered ${c.covered} of ${c.total} is ${Math.round((c.covered / c.total) * 100)} % — coverage cannot exceed 100 %`,
      );
  }
  return counts;
}

function lcov(text: string, file: string): CoverageCounts {
  const sums = { LF: 0, LH: 0, BRF: 0, BRH: 0, FNF: 0, FNH: 0 };
  const seen = new Set<string>();
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const m = /^(LF|LH|BRF|BRH|FNF|FNH):(.*)$/.exec(raw.trim());
    if (!m) continue;
    const value = Number(m[2]);
    if (!Number.isInteger(value) || value < 0)
      throw new QaInputError(file, `line ${n + 1}: ${m[1]} must be a whole number, got "${m[2]}"`);
    sums[m[1] as keyof typeof sums] += value;
    seen.add(m[1] as string);
  }
  if (!seen.has("LF")) throw new QaInputError(file, "the lcov file has no LF/LH line totals");
  return {
    lines: { covered: sums.LH, total: sums.LF },
    ...(seen.has("BRF") ? { branches: { covered: sums.BRH, total: sums.BRF } } : {}),
    ...(seen.has("FNF") ? { functions: { covered: sums.FNH, total: sums.FNF } } : {}),
  };
}

function istanbulSummary(text: string, file: string): CoverageCounts {
  let json: { total?: Record<string, { covered?: unknown; total?: unknown }> };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new QaInputError(file, `not valid JSON: ${(error as Error).message}`);
  }
  const total = json.total;
  if (!total?.lines) throw new QaInputError(file, 'not an Istanbul coverage summary: no "total.lines"');
  const metric = (name: string) => {
    const m = total[name];
    if (!m || typeof m.covered !== "number" || typeof m.total !== "number") return undefined;
    return { covered: m.covered, total: m.total };
  };
  const out: CoverageCounts = {};
  for (const name of ["lines", "branches", "functions"] as const) {
    const m = metric(name);
    if (m) out[name] = m;
  }
  return out;
}

const xml = reportParser([]);

function cobertura(text: string, file: string): CoverageCounts {
  const root = parseXml(text, file, xml).coverage as XmlNode | undefined;
  if (!root || typeof root !== "object")
    throw new QaInputError(file, "not a Cobertura report: no <coverage> root element");
  const num = (k: string) => {
    const v = root[`@_${k}`];
    return v !== undefined && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const rate = num("line-rate");
  if (rate !== undefined && (rate < 0 || rate > 1))
    throw new QaInputError(file, `line-rate ${rate} is outside 0–1 — coverage cannot exceed 100 %`);
  const out: CoverageCounts = {};
  const lv = num("lines-valid");
  const lc = num("lines-covered");
  if (lv !== undefined && lc !== undefined) out.lines = { covered: lc, total: lv };
  else if (num("line-rate") !== undefined)
    out.lines = { covered: (num("line-rate") as number) * 10_000, total: 10_000 };
  const bv = num("branches-valid");
  const bc = num("branches-covered");
  if (bv !== undefined && bc !== undefined && bv > 0) out.branches = { covered: bc, total: bv };
  if (!out.lines)
    throw new QaInputError(
      file,
      "the Cobertura report has no line totals (lines-valid/lines-covered or line-rate)",
    );
  return out;
}

/** Adds coverage counts of several files. */
export function addCoverage(a: CoverageCounts, b: CoverageCounts): CoverageCounts {
  const out: CoverageCounts = { ...a };
  for (const k of ["lines", "branches", "functions"] as const) {
    const x = a[k];
    const y = b[k];
    if (x && y) out[k] = { covered: x.covered + y.covered, total: x.total + y.total };
    else if (y) out[k] = y;
  }
  return out;
}

/** Percentages (0–100, two decimals) from counts; a metric with nothing to cover is 100%. */
export function coveragePercent(counts: CoverageCounts): Coverage {
  const out: Coverage = {};
  for (const k of ["lines", "branches", "functions"] as const) {
    const c = counts[k];
    if (c) out[k] = c.total === 0 ? 100 : Math.round((c.covered / c.total) * 10_000) / 100;
  }
  return out;
}
