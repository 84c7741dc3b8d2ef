import { randomUUID } from "node:crypto";
import { type BudgetState, refusal, type SpendEntry } from "../budget/ledger.js";
import type { Config } from "../config/schema.js";
import { readBudgetState } from "../github/ledger.js";
import type { LlmClient } from "../planner/llm.js";
import { spendJob } from "./budget-job.js";
import type { JobContext, RepoRef } from "./job.js";
import type { JobDeps } from "./types.js";

/** Whether LLM features may run for a job: the client and the month's budget, or why not. */
export type LlmAccess =
  | { ok: true; client: LlmClient; state: BudgetState; entries: SpendEntry[] }
  | { ok: false; why: string };

/**
 * Decides whether a job may call Claude: a client (ANTHROPIC_API_KEY), `planner.mode` other than
 * `deterministic`, and budget left this month (read from the ledger in GitHub; `epic` adds its
 * `budget.perEpicUsd`). Per call, check `spendRefusal` with the call's worst case.
 */
export async function llmAccess(
  deps: JobDeps,
  repo: { owner: string; repo: string },
  config: Config,
  epic?: number,
): Promise<LlmAccess> {
  if (!deps.llm) return { ok: false, why: "no LLM is configured (ANTHROPIC_API_KEY is not set)" };
  if (config.planner.mode === "deterministic")
    return { ok: false, why: "LLM features are off (planner.mode: deterministic)" };
  const state = await readBudgetState(deps.octokit, repo, config.budget, {
    appId: deps.appId,
    now: deps.now(),
    ...(epic !== undefined ? { epic } : {}),
  });
  if (state.stopReason) return { ok: false, why: state.stopReason };
  const { entries, ...budget } = state;
  return { ok: true, client: deps.llm, state: budget, entries };
}

/**
 * Why a call costing up to `worstCaseUsd` may not go ahead, counting `spentUsd` already spent
 * by this job (undefined: go ahead). Also refuses over `llm.maxCostUsd` per call.
 */
export function spendRefusal(
  access: Extract<LlmAccess, { ok: true }>,
  config: Config,
  worstCaseUsd: number | undefined,
  spentUsd = 0,
): string | undefined {
  if (worstCaseUsd === undefined) return `no price is known for model "${config.llm.model}" (llm.pricing)`;
  if (worstCaseUsd > config.llm.maxCostUsd)
    return `the call could cost more than llm.maxCostUsd ($${config.llm.maxCostUsd})`;
  const s = access.state;
  return refusal(
    {
      ...s,
      spentUsd: s.spentUsd + spentUsd,
      ...(s.epicSpentUsd !== undefined ? { epicSpentUsd: s.epicSpentUsd + spentUsd } : {}),
    },
    worstCaseUsd,
  );
}

/** Queues the ledger record of this job's LLM calls (a fresh id: each call counts once). */
export async function recordSpend(ctx: JobContext, repo: RepoRef, entries: SpendEntry[]): Promise<void> {
  if (!entries.length) return;
  await ctx.enqueue(spendJob(repo, { id: randomUUID(), entries }, ctx.job));
}
