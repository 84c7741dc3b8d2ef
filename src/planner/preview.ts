import { MARK, previewMarker } from "../markers.js";
import { plural } from "../text/plural.js";
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
  /** Expected cost in USD computed before an LLM run (undefined for the deterministic planner). */
  estimatedCostUsd?: number;
  /** Worst-case cost in USD of the LLM run (a repair call, both answers at max_tokens). */
  worstCaseCostUsd?: number;
  /** What the estimate's input figure rests on ("1234 input tokens counted by the API"). */
  costBasis?: string;
  /** What applying will write, from reconciliation against the repository. */
  cost: ApplyCost;
  /** The month's budget line (shown when `budget.monthlyUsd` is set). */
  budget?: PreviewBudget;
  reconcile: Pick<
    ReconcilePlan,
    "labelsToCreate" | "tasksToCreate" | "edgesToAdd" | "existing" | "unknownUsers"
  >;
  /** The signed plan marker (`sealPlan`), embedded so confirmation applies exactly this plan. */
  sealed?: string;
  /** Start date used for the forecast (YYYY-MM-DD). */
  start: string;
  /**
   * Longest body allowed, in characters (GitHub's comment limit is 65,536). A longer preview is
   * rendered again with details collapsed: criteria shortened, then the mermaid graph and the
   * criteria left to the sub-issues. Unset: no limit.
   */
  maxChars?: number;
}

/** The month's LLM budget as the preview shows it (USD; spend before this preview). */
export interface PreviewBudget {
  /** `2026-12`. */
  month: string;
  spentUsd: number;
  /** `budget.monthlyUsd`. */
  limitUsd: number;
  /** What this preview's planning cost ($0 for the deterministic planner). */
  previewUsd: number;
  /** The epic's spend this month against `budget.perEpicUsd`, when set. */
  epic?: { spentUsd: number; limitUsd: number };
  /** Set when LLM features are stopped (the ledger's words). */
  stopReason?: string;
}

/** How much detail a preview shows: 0 everything, 1 criteria shortened, 2 table and summary only. */
type Detail = 0 | 1 | 2;

/**
 * Renders the plan preview: the Markdown Flightdeck posts as the epic's sticky comment and the
 * CLI prints. Untrusted text (titles, criteria, notes, warnings; epic text or LLM output) goes
 * through src/text/sanitize.ts: it cannot form a marker, inject HTML, mention or cross-reference.
 */
export function renderPreview(input: PreviewInput): string {
  const limit = input.maxChars ?? Number.POSITIVE_INFINITY;
  let text = render(input, 0);
  if (text.length > limit) text = render(input, 1);
  if (text.length > limit) text = render(input, 2);
  return text;
}

function render(input: PreviewInput, detail: Detail): string {
  const { plan, schedule, epic } = input;
  const hours = plan.tasks.reduce((s, t) => s + t.estimateHours, 0);
  const out: string[] = [previewMarker(epic)];
  out.push(`## 🛫 Flightdeck plan for #${epic}: ${plural(plan.tasks.length, "task")}, ${fmt(hours)} h`);
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
  if (detail > 0) {
    out.push(
      "",
      `> Details are collapsed to fit GitHub's 65,536-character comment limit${detail === 2 ? " (graph and acceptance criteria left out)" : " (acceptance criteria shortened)"}; every task's full criteria go into its sub-issue.`,
    );
  }
  if (detail < 2) {
    out.push("", "```mermaid", "graph TD");
    for (const t of plan.tasks) out.push(`  ${safeId(t.key)}["${t.key}: ${mermaidLabel(short(t.title))}"]`);
    for (const t of plan.tasks) for (const d of t.dependsOn) out.push(`  ${safeId(d)} --> ${safeId(t.key)}`);
    for (const k of schedule.criticalPath.keys) out.push(`  style ${safeId(k)} stroke-width:3px`);
    out.push("```");
  }
  out.push("");

  const cp = schedule.criticalPath;
  out.push(
    `**Critical path:** ${cp.keys.join(" → ")} (${fmt(cp.hours)} h) · **Parallel streams:** ${schedule.streams.length} ` +
      `(at most ${plural(schedule.maxParallel, "task")} at once) · **Forecast:** ${schedule.forecast} ` +
      `(${plural(Math.ceil(schedule.workdays - 1e-9), "working day")} from ${input.start})`,
  );
  out.push(
    "",
    `**Load by role:** ${schedule.load
      .map(
        (l) =>
          `${l.role} ${fmt(l.hours)} h (${l.people ? plural(l.people, "person", "people") : "no people"}, ${fmt(l.weeks)} wk)`,
      )
      .join(" · ")}`,
  );
  for (const w of schedule.warnings) out.push("", `> [!WARNING]\n> ${inlineUntrusted(w)}`);

  out.push("", `**Planner:** ${plannerLine(input)}`);
  if (input.budget) out.push("", `**Budget:** ${budgetLine(input.budget)}`);
  const r = input.reconcile;
  const kept = r.existing.size === 1 ? "already exists and is kept" : "already exist and are kept";
  const existing = r.existing.size ? ` (${r.existing.size} ${kept})` : "";
  out.push(
    `**Applying will make:** ${plural(r.tasksToCreate.length, "sub-issue")}${existing}, ${plural(r.edgesToAdd.length, "blocked-by dependency", "blocked-by dependencies")}, ` +
      `${plural(r.labelsToCreate.length, "new label")}, the epic's progress section and a summary comment — ${plural(input.cost.writes, "write")} in ${plural(input.cost.requests, "GitHub API request")}.`,
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
  if (detail < 2) out.push(...derivation(plan, detail));
  if (detail < 2) {
    out.push("", "<details><summary>Acceptance criteria</summary>", "");
    for (const t of plan.tasks) {
      const criteria =
        detail === 0 ? t.acceptanceCriteria : t.acceptanceCriteria.slice(0, 2).map((c) => short(c, 120));
      const more = t.acceptanceCriteria.length - criteria.length;
      out.push(
        `**${t.key} ${tableCell(t.title)}**`,
        ...criteria.map((c) => `- ${inlineUntrusted(c)}`),
        ...(more > 0 ? [`- … and ${more} more in the sub-issue`] : []),
        "",
      );
    }
    out.push("</details>", "");
  }
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

/**
 * "How this plan was derived": where the tasks, estimates and dependencies came from. The
 * deterministic planner writes the basis of each estimate and the origin of each dependency into
 * the task body ("Estimate: …", "Depends on: T1 (stated in the text)"); Claude's plan is said to
 * be the model's, checked against the epic's stated structure.
 */
function derivation(plan: Plan, detail: Detail): string[] {
  const out = ["", "<details><summary>How this plan was derived</summary>", ""];
  if (plan.source.planner === "llm") {
    out.push(
      "- Claude decomposed the epic; estimates, priorities and dependencies are the model's. The answer was checked against the plan schema and the epic's stated structure (explicit tasks kept, no stated dependency reversed) — see the planner notes for any repair.",
    );
  } else {
    out.push(
      "- Tasks: the epic's own task list when it has one, else its deliverables (features, requirements, stories, work plan, versions); non-goals, later phases, risks and completed work are left out.",
      "- Estimates, in order of trust: stated in the epic, a share of its stated timeline and team, or the task's size (4 h + 2 h per requirement).",
      "- Dependencies, in order of trust: stated (mermaid, “depends on”, a dependency section, numbered steps, version order), then the kind of work where the text is silent (design → foundation → data → build/UI → tests → release); never against a stated one, never on documentation.",
      "",
    );
    for (const t of plan.tasks) {
      const lines = t.body.split("\n");
      const estimate = lines.find((l) => l.startsWith("Estimate: "))?.slice(10);
      const deps = lines.find((l) => l.startsWith("Depends on: "))?.slice(12);
      if (!estimate && !deps) continue;
      const parts = [
        estimate ? `${fmt(t.estimateHours)} h — ${estimate.replace(/\.$/, "")}` : "",
        deps ? `after ${detail === 0 ? deps.replace(/\.$/, "") : t.dependsOn.join(", ")}` : "",
      ].filter(Boolean);
      out.push(`- **${t.key}**: ${inlineUntrusted(parts.join("; "))}`);
    }
  }
  out.push("</details>");
  return out;
}

function plannerLine(input: PreviewInput): string {
  const s = input.plan.source;
  if (s.planner === "deterministic") return "deterministic planner (no LLM), $0";
  const tokens =
    s.inputTokens !== undefined ? ` (${s.inputTokens} input / ${s.outputTokens ?? 0} output tokens)` : "";
  const estimate =
    input.estimatedCostUsd !== undefined
      ? `estimated ${formatUsd(input.estimatedCostUsd)}${input.worstCaseCostUsd !== undefined ? ` (worst case ${formatUsd(input.worstCaseCostUsd)})` : ""}${input.costBasis ? ` from ${inlineUntrusted(input.costBasis)}` : ""} before the run, `
      : "";
  return `Claude \`${s.model ?? "unknown"}\` — ${estimate}actual ${formatUsd(s.costUsd)}${tokens}`;
}

function budgetLine(b: PreviewBudget): string {
  const pct = Math.round((b.spentUsd / b.limitUsd) * 100);
  const epic = b.epic
    ? `; this epic ${formatUsd(b.epic.spentUsd)} of ${formatUsd(b.epic.limitUsd)} (budget.perEpicUsd)`
    : "";
  const stop = b.stopReason ? ` LLM features are stopped: ${b.stopReason}.` : "";
  return `LLM spend ${b.month} ${formatUsd(b.spentUsd)} of ${formatUsd(b.limitUsd)} (${pct} %, budget.monthlyUsd) before this preview${epic}; this preview cost ${formatUsd(b.previewUsd)}.${stop}`;
}

function safeId(key: string): string {
  return `n_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function short(title: string, max = 40): string {
  return title.length > max ? `${title.slice(0, max - 1)}…` : title;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
