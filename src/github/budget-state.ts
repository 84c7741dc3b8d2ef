import type { Config } from "../config/schema.js";
import type { BudgetState } from "../doctor/facts.js";
import { readBudgetState } from "./ledger.js";
import type { Octokit } from "./octokit.js";

/**
 * The doctor's and the standup's budget line from the ledger issue (readBudgetState, issue 10
 * §4) against `budget.monthlyUsd` of `config`: `not-configured` without a monthly budget;
 * `exhausted` when LLM features are stopped; `warning` from 80 % or on a pace alert. `appId`
 * is this App's: only its ledger comments count.
 */
export async function ledgerBudgetState(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  config: Config,
  appId: number,
  now: Date,
): Promise<BudgetState> {
  if (config.budget.monthlyUsd === undefined) return { state: "not-configured" };
  const s = await readBudgetState(octokit, repo, config.budget, { appId, now });
  const limitUsd = s.limitUsd ?? config.budget.monthlyUsd;
  const state = s.stopReason ? "exhausted" : s.paceWarning || (s.fraction ?? 0) >= 0.8 ? "warning" : "ok";
  const detail = s.stopReason ?? s.paceWarning;
  return { state, spentUsd: s.spentUsd, limitUsd, ...(detail ? { detail } : {}) };
}
