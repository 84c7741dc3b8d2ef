import type { BudgetState, SpendEntry } from "../budget/ledger.js";
import { refusal } from "../budget/ledger.js";
import type { Config } from "../config/schema.js";
import { readBudgetState } from "../github/ledger.js";
import { estimatePlanCost, type LlmClient } from "../planner/llm.js";
import type { PreviewBudget } from "../planner/preview.js";
import type { Plan } from "../planner/schema.js";
import { llmAccess } from "./llm-spend.js";
import type { EpicJob, JobDeps } from "./types.js";

/**
 * The planner's LLM under the budget: the client and config to plan with. Over budget (month or
 * epic), or when the plan's worst case would not fit what is left, planning is deterministic
 * and `note` says why (it becomes the plan's first note, shown in the preview). `budget` is the
 * month's state when the ledger was read (an LLM was allowed to be considered).
 */
export async function plannerUnderBudget(
  deps: JobDeps,
  job: EpicJob & { body: string },
): Promise<{ llm?: LlmClient; config: Config; note?: string; budget?: BudgetState }> {
  const { config } = job;
  if (!deps.llm || config.planner.mode === "deterministic")
    return { config, ...(deps.llm ? { llm: deps.llm } : {}) };
  const access = await llmAccess(deps, { owner: job.owner, repo: job.repo }, config, job.epic);
  const budget = access.ok ? { budget: access.state } : {};
  let why = access.ok ? undefined : access.why;
  if (access.ok && (access.state.limitUsd !== undefined || access.state.epicLimitUsd !== undefined)) {
    try {
      why = refusal(
        access.state,
        estimatePlanCost(job.body, { ...config.llm, maxTasks: config.planner.maxTasks }).usd,
      );
    } catch {
      // An unknown model's price: the planner itself says so.
    }
  }
  if (!why) return { config, llm: deps.llm, ...budget };
  return {
    ...budget,
    config: { ...config, planner: { ...config.planner, mode: "deterministic" } },
    note: `Claude did not plan this epic: ${why}. This is the deterministic plan.`,
  };
}

/**
 * The ledger entry of an LLM plan, or of Claude calls whose plan was not used (`failedUsd`, at
 * `model`; their tokens are not known here). Undefined when no call cost anything.
 */
export function planSpend(
  plan: Plan,
  epic: number,
  at: Date,
  failed?: { usd?: number | undefined; model: string },
): SpendEntry | undefined {
  const s = plan.source;
  if (s.planner !== "llm" || !s.model) {
    if (!failed?.usd) return undefined;
    const where = { purpose: "plan", issue: epic, epic };
    return {
      at: at.toISOString(),
      usd: failed.usd,
      model: failed.model,
      inputTokens: 0,
      outputTokens: 0,
      ...where,
    };
  }
  return {
    at: at.toISOString(),
    usd: s.costUsd,
    model: s.model,
    inputTokens: s.inputTokens ?? 0,
    outputTokens: s.outputTokens ?? 0,
    purpose: "plan",
    issue: epic,
    epic,
  };
}

/**
 * The preview's budget line (config `budget.monthlyUsd` set): the month's spend before this
 * preview (from the ledger; `known` when the planner already read it, else one read), the
 * monthly budget, the epic's spend against `budget.perEpicUsd` when set, and this preview's
 * cost. Undefined without a monthly budget (nothing to show, no request made).
 */
export async function previewBudget(
  deps: JobDeps,
  job: EpicJob,
  previewUsd: number,
  known?: BudgetState,
): Promise<PreviewBudget | undefined> {
  const { budget } = job.config;
  if (budget.monthlyUsd === undefined) return undefined;
  const state =
    known ??
    (await readBudgetState(deps.octokit, job, budget, {
      appId: deps.appId,
      now: deps.now(),
      epic: job.epic,
    }));
  return {
    month: state.month,
    spentUsd: state.spentUsd,
    limitUsd: budget.monthlyUsd,
    previewUsd,
    ...(budget.perEpicUsd !== undefined && state.epicSpentUsd !== undefined
      ? { epic: { spentUsd: state.epicSpentUsd, limitUsd: budget.perEpicUsd } }
      : {}),
    ...(state.stopReason ? { stopReason: state.stopReason } : {}),
  };
}
