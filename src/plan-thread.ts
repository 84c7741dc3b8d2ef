// The worker-thread side of src/jobs/planner-pool.ts: runs the pure deterministic planner on a
// thread of its own, so planning a large epic does not hold up the thread that answers webhooks.
// Kept beside the entry points (src/index.ts, src/worker.ts) so that every layout — dist/, the
// test bundles, tsx — finds it at "./plan-thread.js" next to the entry that starts the pool.
import { type DeterministicOptions, planFromMarkdown } from "./planner/deterministic.js";
import { type Plan, PlanValidationError } from "./planner/schema.js";

/** A task of the pool: an epic's markdown and the planner options. */
export interface PlanTask {
  markdown: string;
  options: DeterministicOptions;
}

/**
 * The plan, or the reasons it is invalid. A thrown error would reach the pool as a plain Error
 * (structured clone keeps no class), and callers tell a bad epic by PlanValidationError.
 */
export type PlanThreadResult = { ok: true; plan: Plan } | { ok: false; issues: string[] };

/** Plans one epic (tinypool calls the default export once per task). */
export default function planTask(task: PlanTask): PlanThreadResult {
  try {
    return { ok: true, plan: planFromMarkdown(task.markdown, task.options) };
  } catch (error) {
    if (error instanceof PlanValidationError) return { ok: false, issues: error.issues };
    throw error;
  }
}
