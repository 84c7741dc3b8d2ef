import type { BudgetState as DoctorBudget } from "../doctor/facts.js";
import { ledgerBudgetState } from "../github/budget-state.js";
import { loadRepoConfig } from "../github/config.js";
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
    if (!loaded.ok) return { state: "not-configured" };
    return ledgerBudgetState(deps.octokit, repo, loaded.config, deps.appId, deps.now());
  };
}
