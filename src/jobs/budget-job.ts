import { budgetLine, type SpendRecord } from "../budget/ledger.js";
import { writeSpendRecord } from "../github/ledger-record.js";
import type { Job, JobSpec, RepoRef } from "./job.js";

/** Queue key of a repository's ledger: its writes (issue, entries, alerts) run one at a time. */
export function budgetKey(repo: { owner: string; repo: string }): string {
  return `${repo.owner}/${repo.repo}@budget`;
}

/** The job that records `record` in the ledger, for a caller that made LLM calls. */
export function spendJob(
  repo: RepoRef,
  record: SpendRecord,
  from: { installationId: number; deliveryId: string },
): Job<"budget.record"> {
  const data = { owner: repo.owner, repo: repo.repo, defaultBranch: repo.defaultBranch, record };
  return {
    kind: "budget.record",
    key: budgetKey(repo),
    installationId: from.installationId,
    // One delivery can cause several records (a re-plan, then briefs), and the queue drops a
    // second job of one delivery, kind and key as a redelivery: each record's job names its id.
    deliveryId: `${from.deliveryId}:${record.id}`,
    data,
  };
}

/**
 * Records LLM spend in the month's ledger issue (`writeSpendRecord`, inside this repository's
 * budget key so the issue is created once), with the alerts the new total calls for.
 */
export const budgetRecord: JobSpec<"budget.record"> = {
  async run({ deps }, d) {
    const { alerts, state } = await writeSpendRecord(deps.octokit, d, d.record, deps.appId);
    for (const kind of alerts)
      deps.log.warn(`budget alert ${kind} for ${d.owner}/${d.repo}: ${budgetLine(state)}`);
  },
};
