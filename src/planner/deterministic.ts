import { deliverableTasks } from "./deliverables.js";
import { deriveTasks } from "./derive.js";
import { assignKeys, finalizeDrafts } from "./draft.js";
import { explicitTasks } from "./explicit.js";
import { parseEpic } from "./markdown.js";
import { linkByKind } from "./order.js";
import { parseMarkdownTree, parseOutline } from "./outline.js";
import type { Plan } from "./schema.js";

export interface DeterministicOptions {
  maxTasks: number;
  /** Hours assumed for tasks the epic gives no estimate. */
  defaultEstimateHours: number;
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
  const tree = parseMarkdownTree(markdown);
  const doc = parseEpic(tree);
  const notes: string[] = [];
  let drafts = explicitTasks(doc, notes);
  assignKeys(drafts);
  if (drafts.length > 1 && drafts.every((d) => d.dependsOn.length === 0)) {
    const added = linkByKind(drafts);
    if (added)
      notes.push(
        `The epic states no dependencies; ${added} were inferred from the kind of work (tests after what they test, release last). Check them before applying.`,
      );
  }
  if (drafts.length === 0) drafts = deliverableTasks(parseOutline(tree), options.maxTasks, notes);
  if (drafts.length === 0) drafts = deriveTasks(doc, notes);
  const plan = finalizeDrafts(drafts, { ...options, notes });
  return { ...plan, source: { planner: "deterministic", costUsd: 0 } };
}

/**
 * The tasks an epic states explicitly (its task list, with ids and dependencies as written), for
 * the Claude planner to keep; [] when the epic has no task list.
 */
export function explicitStructure(
  markdown: string,
): Array<{ key: string; title: string; dependsOn: string[] }> {
  const drafts = explicitTasks(parseEpic(parseMarkdownTree(markdown)), []);
  assignKeys(drafts);
  return drafts.map((d) => ({ key: d.key as string, title: d.title, dependsOn: [...new Set(d.dependsOn)] }));
}
