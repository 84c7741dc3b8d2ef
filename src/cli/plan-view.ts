import Table from "cli-table3";
import { plural } from "../text/plural.js";
import type { OfflinePlan } from "./plan.js";
import { clean } from "./report-view.js";

/**
 * The plan as a person reads it in a terminal: a task table (key, title, role, estimate,
 * priority, depends on, assignee), the dependencies in words, the critical path, the forecast
 * and the load by role — no Markdown or mermaid source. Untrusted text (titles, notes) is
 * stripped of control characters so an epic cannot move the cursor or recolour the terminal.
 *
 * @param result the offline plan (`planOffline`)
 * @param options epic number and first working day (YYYY-MM-DD); `columns` is the terminal width
 */
export function renderPlanView(
  result: OfflinePlan,
  options: { epic: number; start: string; columns?: number },
): string {
  const { plan, schedule } = result;
  const hours = plan.tasks.reduce((s, t) => s + t.estimateHours, 0);
  const width = Math.max(60, options.columns ?? 100);
  const titleWidth = Math.max(20, width - 70);
  const table = new Table({
    head: ["Key", "Task", "Role", "Estimate", "Priority", "Depends on", "Assignee"],
    colWidths: [null, titleWidth, null, null, null, null, null] as unknown as number[],
    wordWrap: true,
    // No colours (they would reach logs) and no rule between rows, to keep the table short.
    style: { head: [], border: [], compact: true },
  });
  for (const t of plan.tasks) {
    table.push([
      t.key,
      clean(t.title),
      t.role,
      `${fmt(t.estimateHours)} h`,
      t.priority,
      t.dependsOn.join(", ") || "—",
      schedule.assignees[t.key] ?? "—",
    ]);
  }
  const out = [
    `Flightdeck plan for #${options.epic}: ${plural(plan.tasks.length, "task")}, ${fmt(hours)} h (preview: nothing created yet)`,
    "",
    table.toString(),
    "",
    "Dependencies:",
  ];
  const blocked = plan.tasks.filter((t) => t.dependsOn.length);
  if (blocked.length === 0) out.push("  none: every task can start at once");
  for (const t of blocked) out.push(`  ${t.key} waits for ${t.dependsOn.join(", ")}`);

  const cp = schedule.criticalPath;
  const days = Math.ceil(schedule.workdays - 1e-9);
  out.push(
    "",
    `Critical path: ${cp.keys.join(" → ")} (${fmt(cp.hours)} h)`,
    `Forecast:      ${schedule.forecast} (${plural(days, "working day")} from ${options.start}); ` +
      `${plural(schedule.streams.length, "parallel stream")}, at most ${plural(schedule.maxParallel, "task")} at once`,
    `Load by role:  ${schedule.load
      .map(
        (l) =>
          `${l.role} ${fmt(l.hours)} h (${l.people ? plural(l.people, "person", "people") : "no people"}, ${fmt(l.weeks)} wk)`,
      )
      .join(" · ")}`,
  );
  for (const w of schedule.warnings) out.push(`Warning: ${clean(w)}`);
  for (const n of plan.notes) out.push(`Note: ${clean(n)}`);
  out.push(
    "",
    "Markdown preview: --format md · Plan JSON: --format json · create it: flightdeck apply --repo OWNER/NAME",
  );
  return out.join("\n");
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
