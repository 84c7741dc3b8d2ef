import type { BudgetState as DoctorBudget } from "../doctor/facts.js";
import { loadRepoConfig } from "../github/config.js";
import { readBudgetState } from "../github/ledger.js";
import type { RepoRef } from "./job.js";
import type { JobDeps } from "./types.js";

/**
 * The doctor's and the standup's budget source in the app: the month's spend from the ledger
 * issue (readBudgetState, issue 10 §4) against `budget.monthlyUsd` of the default branch's config.
 * `not-configured` without a monthly budget (or with an invalid config: the doctor's config line
 * says why); `exhausted` when LLM features are stopped; `warning` from 80 % or on a pace alert.
 */
export function ledgerBudget(deps: JobDeps, repo: RepoRef): () => Promise<DoctorBudget> {
  return async () => {
    const loaded = await loadRepoConfig(deps.octokit, repo);
    if (!loaded.ok || loaded.config.budget.monthlyUsd === undefined) return { state: "not-configured" };
    const s = await readBudgetState(deps.octokit, repo, loaded.config.budget, {
      appId: deps.appId,
      now: deps.now(),
    });
    const limitUsd = s.limitUsd ?? loaded.config.budget.monthlyUsd;
    const state = s.stopReason ? "exhausted" : s.paceWarning || (s.fraction ?? 0) >= 0.8 ? "warning" : "ok";
    const detail = s.stopReason ?? s.paceWarning;
    return { state, spentUsd: s.spentUsd, limitUsd, ...(detail ? { detail } : {}) };
  };
}
