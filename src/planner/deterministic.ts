import { deliverableTasks } from "./deliverables.js";
import { deriveTasks } from "./derive.js";
import { assignKeys, finalizeDrafts, isStated, type TaskDraft } from "./draft.js";
import { explicitTasks } from "./explicit.js";
import { groupExplicit } from "./group.js";
import { parseEpic } from "./markdown.js";
import { linkByKind } from "./order.js";
import { parseMarkdownTree, parseOutline } from "./outline.js";
import type { Plan } from "./schema.js";

export interface DeterministicOptions {
  maxTasks: number;
  /** Hours assumed for tasks the epic gives no estimate. */
  defaultEstimateHours: number;
  /**
   * The epic issue's title. It names the whole epic: a heading that repeats it is the document's
   * title, not a section, and it stands in for a missing `# Title`.
   */
  title?: string;
}

/** What the deterministic pass found that any planner must keep (see `planStructure`). */
export interface PlanStructure {
  /** The epic's own task list, by key, with the dependencies the text states. [] without one. */
  explicit: Array<{ key: string; title: string; dependsOn: string[] }>;
  /** Dependencies the text states between deliverables (no task list), by task title. */
  stated: Array<{ before: string; after: string }>;
}

/**
 * Plans an epic from its markdown alone — no LLM, no network, same output for the same input.
 * Explicit structure (task lists, ids, estimates, agents, mermaid edges, "depends on") is kept
 * as written; without it, tasks are the document's deliverables (features, requirements,
 * deliverables, work plan, versions — see deliverables.ts), and as a last resort a skeleton
 * derived from its user stories and requirements.
 *
 * @param markdown the epic's body (untrusted text; only parsed, never executed)
 * @throws PlanValidationError when the result breaks a plan invariant
 */
export function planFromMarkdown(markdown: string, options: DeterministicOptions): Plan {
  return draftPlan(markdown, options).plan;
}

function draftPlan(
  markdown: string,
  options: DeterministicOptions,
): { plan: Plan; drafts: TaskDraft[]; explicit: boolean } {
  const tree = parseMarkdownTree(markdown);
  const doc = parseEpic(tree);
  const title = options.title?.trim();
  const outline = parseOutline(tree, title);
  if (title) {
    doc.title ??= title;
    outline.title ??= title;
  }
  const notes: string[] = [];
  let drafts = explicitTasks(doc, notes);
  const explicit = drafts.length > 0;
  assignKeys(drafts);
  drafts = groupExplicit(drafts, options.maxTasks, options.defaultEstimateHours, notes);
  if (drafts.length > 1 && drafts.every((d) => d.dependsOn.length === 0)) {
    const added = linkByKind(drafts);
    if (added)
      notes.push(
        `The epic states no dependencies; ${added} were inferred from the kind of work (tests after what they test, release last). Check them before applying.`,
      );
  }
  if (drafts.length === 0) drafts = deliverableTasks(outline, options.maxTasks, notes);
  if (drafts.length === 0) drafts = deriveTasks(doc, notes);
  const plan = finalizeDrafts(drafts, { ...options, notes });
  return { plan: { ...plan, source: { planner: "deterministic", costUsd: 0 } }, drafts, explicit };
}

/**
 * The structure the Claude planner must keep, from the deterministic pass: the epic's explicit
 * tasks (key, title, stated dependencies) when it has a task list, otherwise the dependencies
 * its text states between deliverables (by title). Inferred edges (kind of work) are left out:
 * the model may order those differently. A document the deterministic planner refuses gives an
 * empty structure.
 */
export function planStructure(markdown: string, options: DeterministicOptions): PlanStructure {
  let found: ReturnType<typeof draftPlan>;
  try {
    found = draftPlan(markdown, options);
  } catch {
    return { explicit: [], stated: [] };
  }
  const { drafts, explicit } = found;
  const stated = (d: TaskDraft) => [...new Set(d.dependsOn)].filter((k) => isStated(d.origins?.[k]));
  if (explicit)
    return {
      explicit: drafts.map((d) => ({ key: d.key as string, title: d.title, dependsOn: stated(d) })),
      stated: [],
    };
  const byKey = new Map(drafts.map((d) => [d.key as string, d]));
  return {
    explicit: [],
    stated: drafts.flatMap((d) =>
      stated(d).flatMap((k) => {
        const before = byKey.get(k);
        return before ? [{ before: before.title, after: d.title }] : [];
      }),
    ),
  };
}
