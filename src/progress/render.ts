import { ROLES } from "../planner/schema.js";
import { plural } from "../text/plural.js";
import { neutralizeMentions, neutralizeReferences } from "../text/sanitize.js";
import type { EpicProgress, TaskState, TaskStatus } from "./epic-state.js";
import type { Forecast } from "./forecast.js";

/** What Mission Control renders: the tasks, the figures, and the signed baseline marker. */
export interface MissionControlInput {
  progress: EpicProgress;
  forecast: Forecast;
  /** `sealBaseline(...)`: kept in the section so the original forecast survives. */
  baselineMarker: string;
  /** `excludes weekends` in the gantt when the team works Monday to Friday. */
  weekendsOff: boolean;
  now: Date;
}

const ICON: Record<TaskStatus, string> = { done: "✅", "in-progress": "🔄", blocked: "⛔", open: "⏳" };
const HEADING: Record<TaskStatus, string> = {
  blocked: "Blocked",
  "in-progress": "In progress",
  open: "Open",
  done: "Done",
};

/**
 * The epic's Mission Control section (the text between Flightdeck's progress markers): completion
 * by count and by estimated hours; the forecast from what is left with its slip against the
 * original; velocity against the plan; the critical path's state; the tasks by status (blocked
 * ones with their blockers and since when); and a mermaid gantt of the schedule with done,
 * active and critical bars. Pure and deterministic for a given day: re-rendering the same state
 * on the same day gives the same text, so an unchanged epic is not edited.
 */
export function renderMissionControl(input: MissionControlInput): string {
  const { progress: p, forecast: f, now } = input;
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 100) : 0);
  const lines = [
    `### 🛰️ Mission Control: ${p.count.done} of ${plural(p.count.total, "task")} done (${pct(p.count.done, p.count.total)} %), ${fmt(p.hours.done)} of ${fmt(p.hours.total)} h (${pct(p.hours.done, p.hours.total)} %)`,
    "",
    "| ✅ Done | 🔄 In progress | ⏳ Open | ⛔ Blocked |",
    "|---|---|---|---|",
    `| ${p.count.done} | ${p.count["in-progress"]} | ${p.count.open} | ${p.count.blocked} |`,
    "",
    `- **Forecast:** ${forecastLine(p, f)}`,
    `- **Velocity:** ${fmt(f.velocity.actual)} h closed per week since ${f.baseline.start} (the original plan needs ${fmt(f.velocity.planned)} h/week).`,
    `- **Critical path:** ${criticalLine(p, f)}`,
    ...f.warnings.map((w) => `- ⚠️ ${w}`),
  ];
  for (const status of ["blocked", "in-progress", "open", "done"] as const) {
    const tasks = p.tasks.filter((t) => t.status === status);
    if (!tasks.length) continue;
    lines.push(
      "",
      `#### ${ICON[status]} ${HEADING[status]} (${tasks.length})`,
      ...tasks.map((t) => taskLine(t, now)),
    );
  }
  lines.push(
    "",
    "#### Schedule",
    "",
    ...gantt(input),
    "",
    "_Kept up to date by Flightdeck from the sub-issues; edits inside this section are replaced, the rest of the epic is yours._",
    input.baselineMarker,
  );
  return lines.join("\n");
}

function forecastLine(p: EpicProgress, f: Forecast): string {
  if (p.count.done === p.count.total)
    return `all done (${f.forecast}; the original forecast was ${f.baseline.forecast}).`;
  const slip =
    f.slipWorkdays > 0
      ? `${plural(f.slipWorkdays, "working day")} later than the original forecast (${f.baseline.forecast})`
      : f.slipWorkdays < 0
        ? `${plural(-f.slipWorkdays, "working day")} earlier than the original forecast (${f.baseline.forecast})`
        : `on the original forecast (${f.baseline.forecast})`;
  return `finish ${f.forecast}, ${slip}; ${fmt(f.remainingHours)} h left at the team's capacity.`;
}

function criticalLine(p: EpicProgress, f: Forecast): string {
  if (!f.criticalPath.numbers.length) return "none.";
  const byNumber = new Map(p.tasks.map((t) => [t.number, t]));
  const chain = f.criticalPath.numbers
    .map((n) => `#${n} ${ICON[byNumber.get(n)?.status ?? "open"]}`)
    .join(" → ");
  return `${chain} (${fmt(f.criticalPath.doneHours)} of ${fmt(f.criticalPath.hours)} h done).`;
}

function taskLine(t: TaskState, now: Date): string {
  const facts = [
    `#${t.number}`,
    t.roleKnown ? t.role : undefined,
    `${fmt(t.estimateHours)} h${t.estimated ? "" : " (default estimate)"}`,
    t.priority,
    ...t.assignees.map((a) => neutralizeMentions(a)),
    t.pulls.length ? `PR ${t.pulls.join(", ")}` : undefined,
  ].filter(Boolean);
  let line = `- [${t.status === "done" ? "x" : " "}] ${facts.join(" · ")}`;
  if (t.status === "blocked") {
    line += ` — blocked by ${t.openBlockers.map((b) => b.ref).join(", ")} ${howLong(t.blockedSince, now)}`;
  }
  if (t.status === "done" && t.closedAt) line += ` — closed ${t.closedAt.slice(0, 10)}`;
  return line;
}

function howLong(since: string | undefined, now: Date): string {
  if (!since) return "";
  const days = Math.floor((now.getTime() - new Date(since).getTime()) / 86_400_000);
  return days < 1 ? "since today" : `for ${plural(days, "day")} (since ${since.slice(0, 10)})`;
}

function gantt(input: MissionControlInput): string[] {
  const { progress: p, forecast: f } = input;
  const critical = new Set(f.criticalPath.numbers);
  const out = [
    "```mermaid",
    "gantt",
    "  dateFormat YYYY-MM-DD",
    "  axisFormat %d %b",
    ...(input.weekendsOff ? ["  excludes weekends"] : []),
  ];
  for (const role of ROLES) {
    const tasks = p.tasks
      .filter((t) => t.role === role && f.bars.has(t.number))
      .sort((a, b) => (f.bars.get(a.number)?.start ?? "").localeCompare(f.bars.get(b.number)?.start ?? ""));
    if (!tasks.length) continue;
    out.push(`  section ${role}`);
    for (const t of tasks) {
      const bar = f.bars.get(t.number);
      if (!bar) continue;
      const tags = [
        critical.has(t.number) ? "crit" : undefined,
        t.status === "done" ? "done" : t.status === "in-progress" ? "active" : undefined,
      ].filter(Boolean);
      const meta = [...tags, `t${t.number}`, bar.start, `${bar.days}d`].join(", ");
      out.push(`  #${t.number} ${ganttText(t.title)} :${meta}`);
    }
  }
  out.push("```");
  return out;
}

/**
 * Untrusted text as a gantt task name: one line without what mermaid's gantt grammar reads
 * (`:` starts the task's data, `;` and `#…;` entities, `%%` comments), no mentions or references,
 * at most 40 characters.
 */
export function ganttText(text: string): string {
  const plain = text
    .replace(/[:;#%<>"`\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const short = plain.length > 40 ? `${plain.slice(0, 39).trimEnd()}…` : plain;
  return neutralizeReferences(neutralizeMentions(short)) || "task";
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
