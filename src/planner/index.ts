import type { Config } from "../config/schema.js";
import { type DeterministicOptions, planFromMarkdown, planStructure } from "./deterministic.js";
import { findTargetDate } from "./fields.js";
import { type LlmClient, LlmPlanError, planWithLlm } from "./llm.js";
import { type Schedule, schedulePlan } from "./schedule.js";
import type { Plan } from "./schema.js";

/** The outcome of planning an epic. */
export interface PlanResult {
  plan: Plan;
  /** Expected cost estimated before an LLM run, in USD; undefined for the deterministic planner. */
  estimatedCostUsd?: number;
  /** Worst-case cost of the LLM run (two calls at max_tokens), in USD. */
  worstCaseCostUsd?: number;
  /** What the cost estimate's input figure rests on (tokens counted by the API, or characters and why). */
  costBasis?: string;
  /** USD spent on Claude calls whose plan was not used (auto mode fell back), for the ledger. */
  failedLlmCostUsd?: number;
}

/**
 * Runs the deterministic planner: `planFromMarkdown` itself, or the same function on another
 * thread (src/jobs/planner-pool.ts), which must throw PlanValidationError as it does.
 */
export type DeterministicPlanner = (markdown: string, options: DeterministicOptions) => Plan | Promise<Plan>;

/**
 * Plans an epic with the planner the config asks for: `llm` always uses Claude (and fails
 * without a client), `deterministic` never does, `auto` uses Claude when a client is given
 * (ANTHROPIC_API_KEY is set) and the deterministic planner otherwise.
 *
 * `title` is the epic issue's title: both planners read it (see DeterministicOptions.title); Claude
 * also gets `maxTasks` and the structure the deterministic pass found, and its answer is checked
 * and repaired against it (see structure-check.ts).
 *
 * @param deterministic where the deterministic planner runs (default: on the calling thread)
 * @throws LlmPlanError when Claude is required but unavailable or its plan fails validation
 * @throws PlanValidationError when the deterministic plan breaks an invariant (e.g. too many tasks)
 */
export async function makePlan(
  epicBody: string,
  config: Config,
  llm?: LlmClient,
  title?: string,
  deterministic: DeterministicPlanner = planFromMarkdown,
): Promise<PlanResult> {
  const mode = config.planner.mode;
  const options = {
    maxTasks: config.planner.maxTasks,
    defaultEstimateHours: config.planner.defaultEstimateHours,
    ...(title ? { title } : {}),
  };
  if (mode === "deterministic" || (mode === "auto" && !llm))
    return { plan: await deterministic(epicBody, options) };
  if (!llm) throw new LlmPlanError("planner.mode is llm but ANTHROPIC_API_KEY is not set.");
  const { explicit, stated } = planStructure(epicBody, options);
  try {
    return await planWithLlm(epicBody, llm, {
      ...config.llm,
      maxTasks: config.planner.maxTasks,
      explicit,
      stated,
      ...(title ? { title } : {}),
    });
  } catch (error) {
    // auto: an API error, a timeout or an answer still invalid after the repair falls back to
    // the deterministic plan, and the plan's first note says why.
    if (mode !== "auto" || !(error instanceof LlmPlanError)) throw error;
    const plan = await deterministic(epicBody, options);
    const note = `Claude could not plan this epic (${error.message.slice(0, 300)}); this is the deterministic plan.`;
    return {
      plan: { ...plan, notes: [note, ...plan.notes].slice(0, 20) },
      ...(error.costUsd > 0 ? { failedLlmCostUsd: error.costUsd } : {}),
    };
  }
}

/**
 * Schedules a plan on the team and capacity of a config, from `start`, against the epic's
 * `Target:` date when it states one that is still ahead.
 */
export function scheduleWithConfig(plan: Plan, config: Config, start: Date, epicBody: string): Schedule {
  const target = findTargetDate(epicBody);
  return schedulePlan(plan, {
    team: config.team,
    hoursPerWeek: config.capacity.hoursPerWeek,
    people: config.capacity.people,
    workdays: config.capacity.workdays,
    start,
    ...(target && target > start ? { target } : {}),
  });
}

export { LlmPlanError } from "./llm.js";
export { PlanValidationError } from "./schema.js";
