import { formatMetric } from "../load/format.js";
import type { LoadReport, QaReport } from "../reports/schema.js";
import { plural } from "../text/plural.js";

/**
 * The load report as plain lines for a terminal (the job summary's Markdown table and mermaid
 * chart are for GitHub). Latencies in ms, throughput in req/s, each threshold with its value.
 */
export function loadView(report: LoadReport): string {
  const l = report.latencyMs;
  const lines = [
    `Load test: ${report.method} ${clean(report.target)}`,
    `  ${plural(report.requests, "request")} in ${(report.durationMs / 1000).toFixed(2)} s over ${plural(report.connections, "connection")}: ${formatMetric("rps", report.rps)}`,
    `  latency: p50 ${ms(l.p50)} · p90 ${ms(l.p90)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} · max ${ms(l.max)} · mean ${ms(l.mean)}`,
    `  ${plural(report.errors, "error")} · ${report.non2xx} non-2xx · ${plural(report.timeouts, "timeout")} · error rate ${formatMetric("error_rate", report.errorRate)}`,
  ];
  if (report.thresholds.length) lines.push("Thresholds:");
  for (const t of report.thresholds) {
    lines.push(
      `  ${t.pass ? "✓ pass" : "✗ FAIL"}  ${t.expression}: ${formatMetric(t.metric, t.actual, t.limit)}`,
    );
  }
  return lines.join("\n");
}

/** The QA report as plain lines for a terminal: counts, by priority, coverage, failing tests. */
export function qaView(report: QaReport): string {
  const t = report.tests;
  const lines = [
    `QA: ${plural(t.total, "test")}: ${t.passed} passed, ${t.failed} failed, ${plural(t.errored, "error")}, ${t.skipped} skipped${t.flaky ? ` (${plural(t.flaky, "flaky test")} passed on a rerun)` : ""}`,
    `  by priority: ${(["P0", "P1", "P2"] as const)
      .map(
        (p) =>
          `${p} ${report.byPriority[p].passed}/${report.byPriority[p].total - report.byPriority[p].skipped} passed`,
      )
      .join(" · ")}`,
  ];
  const c = report.coverage;
  if (c) {
    const parts = (["lines", "branches", "functions"] as const)
      .filter((k) => c[k] !== undefined)
      .map((k) => `${k} ${(c[k] as number).toFixed(1)} %`);
    lines.push(`  coverage: ${parts.join(" · ")}`);
  }
  if (report.failures.length) lines.push(`Failing (${report.failures.length}):`);
  for (const f of report.failures.slice(0, 20)) {
    const where = f.file ? ` (${clean(f.file)}${f.line ? `:${f.line}` : ""})` : "";
    const first = clean(f.message.split("\n").find((l) => l.trim()) ?? "").slice(0, 160);
    lines.push(`  ✗ [${f.priority}] ${clean(f.name)}${where}${first ? `: ${first}` : ""}`);
  }
  if (report.failures.length > 20)
    lines.push(`  …and ${plural(report.failures.length - 20, "more failing test")}`);
  return lines.join("\n");
}

// C0 and C1 control characters from test output or a URL would be obeyed by the terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Untrusted text made safe to print on a terminal: control characters become spaces. */
export function clean(text: string): string {
  return text.replace(CONTROL, " ");
}

function ms(n: number): string {
  return formatMetric("p50", n);
}
