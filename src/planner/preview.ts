import { MARK, previewMarker } from "../markers.js";
import { inlineUntrusted, mermaidLabel, tableCell } from "../text/sanitize.js";
import { formatUsd } from "./cost.js";
import type { ApplyCost, ReconcilePlan } from "./reconcile.js";
import type { Schedule } from "./schedule.js";
import type { Plan } from "./schema.js";

/** Everything the plan preview shows. */
export interface PreviewInput {
  epic: number;
  plan: Plan;
  schedule: Schedule;
  /** Estimated cost in USD computed before an LLM run (undefined for the deterministic planner). */
  estimatedCostUsd?: number;
  /** What applying will write, from reconciliation against the repository. */
  cost: ApplyCost;
  reconcile: Pick<
    ReconcilePlan,
    "labelsToCreate" | "tasksToCreate" | "edgesToAdd" | "existing" | "unknownUsers"
  >;
  /** The signed plan marker (`sealPlan`), embedded so confirmation applies exactly this plan. */
  sealed?: string;
  /** Start date used for the forecast (YYYY-MM-DD). */
  start: string;
}

/**
 * Renders the plan preview: the Markdown Flightdeck posts as the epic's sticky comment and the
 * CLI prints. Untrusted text (titles, criteria, notes, warnings; epic text or LLM output) goes
 * through src/text/sanitize.ts: it cannot form a marker, inject HTML, mention or cross-reference.
 */
export function renderPreview(input: PreviewInput): string {
  const { plan, schedule, epic } = input;
  const hours = plan.tasks.reduce((s, t) => s + t.estimateHours, 0);
  const out: string[] = [previewMarker(epic)];
  out.push(`## 🛫 Flightdeck plan for #${epic}: ${plan.tasks.length} tasks, ${fmt(hours)} h`);
  out.push("", "> Preview only — nothing has been created yet. Confirm below to create the sub-issues.", "");
  out.push(
    "| Key | Task | Role | Estimate | Priority | Depends on | Assignee |",
    "|---|---|---|---|---|---|---|",
  );
  for (const t of plan.tasks) {
    const who = schedule.assignees[t.key];
    out.push(
      `| ${t.key} | ${tableCell(t.title)} | ${t.role} | ${fmt(t.estimateHours)} h | ${t.priority} | ${t.dependsOn.join(", ") || "—"} | ${who ? `\`${who}\`` : "—"} |`,
    );
  }
  out.push("", "```mermaid", "graph TD");
  for (const t of plan.tasks) out.push(`  ${safeId(t.key)}["${t.key}: ${mermaidLabel(short(t.title))}"]`);
  for (const t of plan.tasks) for (const d of t.dependsOn) out.push(`  ${safeId(d)} --> ${safeId(t.key)}`);
  for (const k of schedule.criticalPath.keys) out.push(`  style ${safeId(k)} stroke-width:3px`);
  out.push("```", "");

  const cp = schedule.criticalPath;
  out.push(
    `**Critical path:** ${cp.keys.join(" → ")} (${fmt(cp.hours)} h) · **Parallel streams:** ${schedule.streams.length} ` +
      `(at most ${schedule.maxParallel} tasks at once) · **Forecast:** ${schedule.forecast} ` +
      `(${plural(Math.ceil(schedule.workdays - 1e-9), "working day")} from ${input.start})`,
  );
  out.push(
    "",
    `**Load by role:** ${schedule.load
      .map(
        (l) =>
          `${l.role} ${fmt(l.hours)} h (${l.people || "no"} ${l.people === 1 ? "person" : "people"}, ${fmt(l.weeks)} wk)`,
      )
      .join(" · ")}`,
  );
  for (const w of schedule.warnings) out.push("", `> [!WARNING]\n> ${inlineUntrusted(w)}`);

  out.push("", `**Planner:** ${plannerLine(input)}`);
  const r = input.reconcile;
  const existing = r.existing.size ? ` (${r.existing.size} already exist and are kept)` : "";
  out.push(
    `**Applying will make:** ${r.tasksToCreate.length} sub-issues${existing}, ${r.edgesToAdd.length} blocked-by dependencies, ` +
      `${r.labelsToCreate.length} new labels, the epic's progress section and a summary comment — ${input.cost.writes} writes in ${input.cost.requests} GitHub API requests.`,
  );
  if (r.unknownUsers.length) {
    out.push(`Not assignable (not found on GitHub): ${r.unknownUsers.map((u) => `\`${u}\``).join(", ")}.`);
  }
  if (plan.notes.length) {
    out.push(
      "",
      "<details><summary>Planner notes</summary>",
      "",
      ...plan.notes.map((n) => `- ${inlineUntrusted(n)}`),
      "</details>",
    );
  }
  out.push("", "<details><summary>Acceptance criteria</summary>", "");
  for (const t of plan.tasks) {
    out.push(
      `**${t.key} ${tableCell(t.title)}**`,
      ...t.acceptanceCriteria.map((c) => `- ${inlineUntrusted(c)}`),
      "",
    );
  }
  out.push("</details>", "");
  out.push(
    "### Confirm",
    `- [ ] **Apply this plan** — tick to create the sub-issues (needs write access) ${MARK.confirm}`,
  );
  out.push(
    "",
    "Or comment `/flightdeck apply`. Edited the epic? Comment `/flightdeck plan` for a new preview; a plan made from an older version of the epic is not applied.",
  );
  if (input.sealed) out.push(input.sealed);
  return out.join("\n");
}

function plannerLine(input: PreviewInput): string {
  const s = input.plan.source;
  if (s.planner === "deterministic") return "deterministic planner (no LLM), $0";
  const tokens =
    s.inputTokens !== undefined ? ` (${s.inputTokens} input / ${s.outputTokens ?? 0} output tokens)` : "";
  const estimate =
    input.estimatedCostUsd !== undefined
      ? `estimated ${formatUsd(input.estimatedCostUsd)} before the run, `
      : "";
  return `Claude \`${s.model ?? "unknown"}\` — ${estimate}actual ${formatUsd(s.costUsd)}${tokens}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function safeId(key: string): string {
  return `n_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function short(title: string): string {
  return title.length > 40 ? `${title.slice(0, 39)}…` : title;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
