import type { WatchReport } from "../reports/schema.js";

/** Most windows drawn in the chart; a longer watch shows its last windows (mermaid gets slow). */
const CHART_WINDOWS = 120;

/** One line for the check run title: "production: healthy for 15 windows" or the rollback. */
export function watchTitle(r: WatchReport): string {
  const where = r.environment ? `${r.environment}: ` : "";
  switch (r.outcome) {
    case "healthy":
      return `${where}healthy for ${r.windows.length} window${r.windows.length === 1 ? "" : "s"}`;
    case "cancelled":
      return `${where}watch cancelled after ${r.windows.length} window${r.windows.length === 1 ? "" : "s"}`;
    default:
      return `${where}${r.outcome === "rolled-back" ? "rolled back" : "rollback failed"} — ${r.rollback?.reason ?? ""}`.slice(
        0,
        255,
      );
  }
}

/**
 * The Markdown of the job summary and the check run: outcome, the rollback point, a mermaid
 * `xychart-beta` timeline of p95 per window with the p95 threshold as a second line, and a
 * table of every window. Windows without a p95 (no request completed) plot as 0.
 */
export function watchSummary(r: WatchReport): string {
  const lines = [`### Flightdeck Watch${r.environment ? ` — ${r.environment}` : ""}: ${r.outcome}`, ""];
  lines.push(
    `Rules (breach after ${r.consecutive} consecutive ${r.windowSec}-s window${r.consecutive === 1 ? "" : "s"}): ${r.rules.map((e) => `\`${e}\``).join(", ") || "none"}`,
  );
  if (r.rollback) {
    const w = r.windows[r.rollback.window];
    const how = r.rollback.previous
      ? "already rolled back by a previous run; not rolled back again"
      : r.rollback.ran
        ? `rollback command exited with code ${r.rollback.exitCode}`
        : "no rollback command configured";
    lines.push(
      "",
      `**Rollback point: window ${r.rollback.window + 1}${w ? ` (${w.at})` : ""}** — ${r.rollback.reason} (${how}).`,
    );
  }
  const chart = timelineChart(r);
  if (chart) lines.push("", chart);
  if (r.windows.length) {
    lines.push("", "| Window | Time | Health | p95 | Error rate | Metrics |", "|---|---|---|---|---|---|");
    for (const [i, w] of r.windows.entries()) {
      const marker = r.rollback && i === r.rollback.window ? " ⏪ rollback" : "";
      const metrics = Object.entries(w.metrics ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      lines.push(
        `| ${i + 1}${marker} | ${w.at} | ${w.healthOk === undefined ? "—" : w.healthOk ? "✅" : `❌ ${w.healthDetail ?? ""}`} | ${w.p95 === undefined ? "—" : `${w.p95} ms`} | ${w.errorRate === undefined ? "—" : `${(w.errorRate * 100).toFixed(2)}%`} | ${metrics || "—"} |`,
      );
    }
  }
  return lines.join("\n");
}

/** The mermaid timeline: p95 per window and, when a `p95<N` rule exists, the threshold line. */
export function timelineChart(r: WatchReport): string | undefined {
  const shown = r.windows.slice(-CHART_WINDOWS);
  if (!shown.some((w) => w.p95 !== undefined)) return undefined;
  const first = r.windows.length - shown.length;
  const p95 = shown.map((w) => Number((w.p95 ?? 0).toFixed(1)));
  const limit = r.rules.map((e) => /^p95\s*<=?\s*(\d+(?:\.\d+)?)$/.exec(e)).find(Boolean);
  const threshold = limit ? Number(limit[1]) : undefined;
  const top = Math.max(1, Math.ceil(Math.max(...p95, threshold ?? 0) * 1.1));
  return [
    "```mermaid",
    "xychart-beta",
    `  title "p95 per window (ms)${threshold !== undefined ? `, threshold ${threshold} ms` : ""}${r.rollback ? `, rollback at window ${r.rollback.window + 1}` : ""}"`,
    `  x-axis [${shown.map((_, i) => `"${first + i + 1}"`).join(", ")}]`,
    `  y-axis "ms" 0 --> ${top}`,
    `  line [${p95.join(", ")}]`,
    ...(threshold !== undefined ? [`  line [${shown.map(() => threshold).join(", ")}]`] : []),
    "```",
  ].join("\n");
}
