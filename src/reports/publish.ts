import { formatMetric } from "../load/format.js";
import { plural } from "../text/plural.js";
import { tableCell } from "../text/sanitize.js";
import { watchSummary, watchTitle } from "../watch/summary.js";
import { CHECK_NAMES, type LoadReport, type QaReport, Report } from "./schema.js";

/** GitHub's limit on a check run's `output.summary` and `output.text`, in characters. */
export const CHECK_TEXT_LIMIT = 65_535;

const MARKER = /<!-- flightdeck:report ([A-Za-z0-9+/=]+) -->/;

/** The report as the JSON file the Actions and the CLI write (`--out`). */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Parses a report from JSON text (a report file, or the marker in a check run).
 * @returns the report, or an error naming what is wrong (with the key path)
 */
export function parseReport(
  json: string,
  source: string,
): { ok: true; report: Report } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `${source} is not JSON: ${(error as Error).message}` };
  }
  const parsed = Report.safeParse(data);
  if (parsed.success) return { ok: true, report: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return { ok: false, error: `${source} is not a flightdeck.report/v1 report: ${problems.join("; ")}` };
}

/**
 * The check-run output of a report: a title, a Markdown summary people read, and `text` that
 * embeds the report (base64 JSON in a hidden marker) so the app can read it back by SHA.
 * Stays within GitHub's 65,535-character limits by dropping failure details first.
 */
export function reportCheckOutput(report: Report): { title: string; summary: string; text: string } {
  const payload = Buffer.from(JSON.stringify(report), "utf8").toString("base64");
  const marker = `<!-- flightdeck:report ${payload} -->`;
  if (marker.length > CHECK_TEXT_LIMIT) {
    if (report.kind === "qa" && report.failures.length) {
      return reportCheckOutput({
        ...report,
        failures: report.failures.slice(0, Math.floor(report.failures.length / 2)),
      });
    }
    throw new Error("the report is too large to embed in a check run");
  }
  let summary = summaryMarkdown(report);
  if (summary.length > CHECK_TEXT_LIMIT)
    summary = `${summary.slice(0, CHECK_TEXT_LIMIT - 40)}\n\n…(truncated)`;
  return { title: reportTitle(report), summary, text: marker };
}

/** Reads the report embedded in a check run's `output.text`. */
export function reportFromCheckText(
  text: string | null | undefined,
): { ok: true; report: Report } | { ok: false; error: string } {
  const m = MARKER.exec(text ?? "");
  if (!m) return { ok: false, error: "the check run carries no Flightdeck report" };
  return parseReport(Buffer.from(m[1] as string, "base64").toString("utf8"), "the check run's report");
}

/** The check run name a report is published under. */
export function checkName(report: Report): string {
  return report.kind === "custom" ? `${CHECK_NAMES.custom}: ${report.name}` : CHECK_NAMES[report.kind];
}

/** One line for a check run title. */
export function reportTitle(report: Report): string {
  switch (report.kind) {
    case "qa": {
      const t = report.tests;
      const cov = report.coverage?.lines !== undefined ? `, ${pct(report.coverage.lines)} lines covered` : "";
      return t.total === 0
        ? "No tests found"
        : `${t.passed}/${t.total - t.skipped} passed, ${t.failed + t.errored} failing${cov}`;
    }
    case "load":
      return `p95 ${ms(report.latencyMs.p95)}, ${report.rps.toFixed(0)} req/s, ${(report.errorRate * 100).toFixed(2)}% errors`;
    case "deploy":
      return `${report.environment}: ${report.outcome.replace("_", " ")}`;
    case "watch":
      return watchTitle(report);
    case "custom": {
      const failed = report.checks.filter((c) => !c.pass).length;
      return `${report.name}: ${report.checks.length - failed}/${report.checks.length} checks pass`;
    }
  }
}

/** The Markdown a job summary and a check run summary show for a report. */
export function summaryMarkdown(report: Report): string {
  switch (report.kind) {
    case "qa":
      return qaSummary(report);
    case "load":
      return [
        `### Flightdeck Load Test — ${report.method} ${report.target}`,
        "",
        "| Requests | req/s | p50 | p90 | p95 | p99 | max | errors | non-2xx | timeouts |",
        "|---|---|---|---|---|---|---|---|---|---|",
        `| ${report.requests} | ${report.rps.toFixed(1)} | ${ms(report.latencyMs.p50)} | ${ms(report.latencyMs.p90)} | ${ms(report.latencyMs.p95)} | ${ms(report.latencyMs.p99)} | ${ms(report.latencyMs.max)} | ${report.errors} | ${report.non2xx} | ${report.timeouts} |`,
        ...thresholdTable(report.thresholds),
        "",
        latencyChart(report),
      ].join("\n");
    case "deploy":
      return [
        `### Flightdeck Deploy — ${report.environment}: ${report.outcome.replace("_", " ")}`,
        report.smoke
          ? `Smoke test: ${report.smoke.pass ? "passed" : `failed — ${report.smoke.reason ?? "no reason"}`}`
          : "",
        report.rollback
          ? `Rollback: ${report.rollback.ran ? "ran" : "not run"} — ${report.rollback.reason}`
          : "",
      ]
        .filter(Boolean)
        .join("\n\n");
    case "watch":
      return watchSummary(report);
    case "custom":
      return [
        `### ${CHECK_NAMES.custom}: ${report.name}${report.title ? ` — ${tableCell(report.title)}` : ""}`,
        "",
        "| | Check | Detail |",
        "|---|---|---|",
        ...report.checks.map(
          (c) =>
            `| ${c.pass ? "✅" : "❌"} | ${c.url ? `[${tableCell(c.name)}](${c.url})` : tableCell(c.name)} | ${tableCell(c.detail ?? "")} |`,
        ),
      ].join("\n");
  }
}

function qaSummary(r: QaReport): string {
  const rows = (["P0", "P1", "P2"] as const).map((p) => {
    const c = r.byPriority[p];
    return `| ${p} | ${c.total} | ${c.passed} | ${c.failed} | ${c.errored} | ${c.skipped} |`;
  });
  const t = r.tests;
  const lines = [
    "### Flightdeck QA",
    "",
    ...(t.total === 0 ? ["**No tests found in the reports.**", ""] : []),
    "| Priority | Tests | Passed | Failed | Errors | Skipped |",
    "|---|---|---|---|---|---|",
    ...rows,
    `| **All** | **${t.total}** | **${t.passed}** | **${t.failed}** | **${t.errored}** | **${t.skipped}** |`,
  ];
  if (t.flaky) lines.push("", `${plural(t.flaky, "flaky test")} passed on a rerun.`);
  if (r.coverage) {
    const c = r.coverage;
    lines.push(
      "",
      `**Coverage:** lines ${opt(c.lines)} · branches ${opt(c.branches)} · functions ${opt(c.functions)}`,
    );
  }
  if (r.failures.length) {
    lines.push("", "| Failing test | Priority | Where | Message |", "|---|---|---|---|");
    for (const f of r.failures.slice(0, 50)) {
      const where = f.file ? `\`${f.file}${f.line ? `:${f.line}` : ""}\`` : "—";
      lines.push(`| ${tableCell(f.name)} | ${f.priority} | ${where} | ${tableCell(firstLine(f.message))} |`);
    }
    if (r.failures.length > 50)
      lines.push("", `…and ${plural(r.failures.length - 50, "more failing test")}.`);
  }
  return lines.join("\n");
}

/** A mermaid bar chart of the latency percentiles (GitHub renders mermaid in summaries). */
export function latencyChart(report: {
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number };
}): string {
  const l = report.latencyMs;
  const values = [l.p50, l.p90, l.p95, l.p99, l.max].map((v) => Number(v.toFixed(3)));
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Latency (ms)"',
    '  x-axis ["p50", "p90", "p95", "p99", "max"]',
    `  y-axis "ms" 0 --> ${Math.max(1, Math.ceil(Math.max(...values) * 1.1))}`,
    `  bar [${values.join(", ")}]`,
    "```",
  ].join("\n");
}

function thresholdTable(thresholds: LoadReport["thresholds"]): string[] {
  if (!thresholds.length) return [];
  return [
    "",
    "| Threshold | Actual | Result |",
    "|---|---|---|",
    ...thresholds.map(
      (t) =>
        `| \`${t.expression}\` | ${formatMetric(t.metric, t.actual, t.limit)} | ${t.pass ? "✅ pass" : "❌ fail"} |`,
    ),
  ];
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function pct(n: number): string {
  return `${n.toFixed(1)}%`;
}

function opt(n: number | undefined): string {
  return n === undefined ? "—" : pct(n);
}

function ms(n: number): string {
  return `${round(n)} ms`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
