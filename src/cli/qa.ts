import { readFile, writeFile } from "node:fs/promises";
import { glob } from "tinyglobby";
import { PRIORITIES, type Priority } from "../planner/schema.js";
import { isTestFormat, TEST_FORMATS } from "../qa/formats.js";
import { buildQaReport, type InputFile } from "../qa/report.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import type { QaReport } from "../reports/schema.js";
import { CliError, type CliIo } from "./io.js";

export interface QaCliOptions {
  /** Test reports (globs), any format of TEST_FORMATS. */
  tests?: string[];
  /** The older name of `tests`; both add up. */
  junit?: string[];
  /** A format name that overrides detection (`junit`, `jest-json`, …). */
  format?: string;
  coverage?: string[];
  json?: boolean;
  out?: string;
  defaultPriority?: string;
  sha?: string;
}

/**
 * Expands globs to files, in a stable order.
 * @throws CliError naming a glob that matches nothing
 */
export async function expandGlobs(
  patterns: string[],
  option: string,
  cwd = process.cwd(),
): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const matched = (
      await glob(pattern, { cwd, onlyFiles: true, dot: true, expandDirectories: false })
    ).sort();
    if (!matched.length) throw new CliError(`no file matches ${option} '${pattern}'`);
    files.push(...matched.filter((f) => !files.includes(f)));
  }
  return files;
}

/** Reads files for a parser. @throws CliError naming an unreadable file */
export async function readInputs(files: string[], cwd = process.cwd()): Promise<InputFile[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, content: await readFile(new URL(file, `file://${cwd}/`), "utf8") };
      } catch (error) {
        throw new CliError(
          `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }),
  );
}

/**
 * `flightdeck qa`: test reports (JUnit XML, NUnit 3, xUnit v2, TRX, Mocha/Jest/Cucumber JSON,
 * go test -json; detected from content unless --format names one) and coverage files → a
 * flightdeck.report/v1 QA report, printed as the job-summary Markdown (or JSON) and optionally
 * written to --out.
 * @throws CliError (exit 2 for a bad option) / QaInputError with a message naming the file
 */
export async function qaCommand(options: QaCliOptions, io: CliIo): Promise<QaReport> {
  const priority = (options.defaultPriority ?? "P1").toUpperCase();
  if (!PRIORITIES.includes(priority as Priority))
    throw new CliError(`--default-priority must be P0, P1 or P2, got "${options.defaultPriority}"`, 2);
  const patterns = [...(options.tests ?? []), ...(options.junit ?? [])];
  if (!patterns.length) throw new CliError("--tests is required: the test reports, as globs", 2);
  const format = options.format?.trim().toLowerCase();
  if (format && !isTestFormat(format))
    throw new CliError(
      `--format must be one of ${Object.keys(TEST_FORMATS).join(", ")}, got "${options.format}"`,
      2,
    );
  const junit = await readInputs(await expandGlobs(patterns, options.tests?.length ? "--tests" : "--junit"));
  const coverage = await readInputs(await expandGlobs(options.coverage ?? [], "--coverage"));
  const report = buildQaReport(junit, coverage, {
    defaultPriority: priority as Priority,
    now: io.now(),
    root: process.cwd(),
    ...(options.sha ? { sha: options.sha } : {}),
    ...(format && isTestFormat(format) ? { format } : {}),
  });
  if (options.out) await writeFile(options.out, reportJson(report));
  io.stdout(options.json ? reportJson(report) : summaryMarkdown(report));
  return report;
}
