import { tableCell } from "../text/sanitize.js";
import type { DoctorReport, DoctorStatus } from "./checks.js";

const ICON: Record<DoctorStatus, string> = { PASS: "✅", WARN: "⚠️", FAIL: "❌" };

/** Marker of the doctor's answer to one `/flightdeck doctor` comment (looked up before posting). */
export function doctorMarker(commentId: number): string {
  return `<!-- flightdeck:doctor comment=${commentId} -->`;
}

/**
 * The report as Markdown (the app's comment, a job summary): the overall line first, then a
 * table of every line with its fix. Every finding goes through the table-cell sanitizer: they
 * quote names (labels, environments, workflow paths, config errors) from the repository.
 */
export function doctorMarkdown(report: DoctorReport): string {
  const head = report.cleared ? (report.lines.some((l) => l.status === "WARN") ? "🟡" : "🟢") : "🔴";
  return [
    `### Flightdeck pre-flight doctor: ${tableCell(report.repository)}`,
    "",
    `${head} **${report.overall}**`,
    "",
    "| | Check | Finding | Fix |",
    "|---|---|---|---|",
    ...report.lines.map(
      (l) =>
        `| ${ICON[l.status]} ${l.status} | ${tableCell(l.check)} | ${tableCell(l.detail)} | ${l.fix ? tableCell(l.fix) : ""} |`,
    ),
  ].join("\n");
}

/** The report for a terminal: one `STATUS check: finding` line each, its fix indented below. */
export function doctorText(report: DoctorReport): string {
  const width = Math.max(...report.lines.map((l) => l.check.length));
  return [
    `Flightdeck pre-flight doctor: ${report.repository}`,
    "",
    ...report.lines.flatMap((l) => [
      `${l.status.padEnd(4)}  ${l.check.padEnd(width)}  ${l.detail}`,
      ...(l.fix ? [`${" ".repeat(width + 8)}fix: ${l.fix}`] : []),
    ]),
    "",
    report.overall,
  ].join("\n");
}
