import {
  alertsDue,
  budgetLine,
  budgetState,
  monthOf,
  renderAlert,
  type SpendRecord,
  spendMarker,
} from "../budget/ledger.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import { postComment } from "../github/comments.js";
import { loadRepoConfig } from "../github/config.js";
import { createLedgerIssue, readLedger } from "../github/ledger.js";
import { formatUsd } from "../planner/cost.js";
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
 * Records LLM spend in the month's ledger issue (created once, inside this repository's budget
 * key), then posts the alerts the new total calls for — 80 %, 100 %, a pace that would end the
 * budget early — once each per month, mentioning `budget.owners` from the config. Idempotent:
 * a record whose id is already in the ledger is not written again.
 */
export const budgetRecord: JobSpec<"budget.record"> = {
  async run({ deps }, d) {
    const loaded = await loadRepoConfig(deps.octokit, d);
    // An invalid config must not lose spend that happened: record it under the defaults.
    const budget = (loaded.ok ? loaded.config : DEFAULT_CONFIG).budget;
    const month = monthOf(new Date(d.record.entries[0]?.at ?? deps.now().toISOString()));
    const repo = { owner: d.owner, repo: d.repo };
    const ledger = await readLedger(deps.octokit, repo, budget, month, deps.appId);
    const entries = ledger.records.flatMap((r) => r.entries);
    const known = ledger.records.some((r) => r.id === d.record.id);
    const after = [...entries, ...(known ? [] : d.record.entries)];
    const now = new Date(Math.max(...after.map((e) => Date.parse(e.at))));
    const state = budgetState({ entries: after, budget, now });
    const issue = ledger.issue ?? (await createLedgerIssue(deps.octokit, repo, budget, month));
    const ref = { ...repo, issue_number: issue };
    if (!known) {
      const lines = d.record.entries.map(
        (e) =>
          `- ${e.purpose}${e.issue ? ` on issue ${e.issue}` : ""}: ${formatUsd(e.usd)} (${e.model}, ${e.inputTokens} input + ${e.outputTokens} output tokens)`,
      );
      await postComment(
        deps.octokit,
        ref,
        [spendMarker(d.record), ...lines, "", budgetLine(state)].join("\n"),
        { appId: deps.appId, cause: `spend-${d.record.id}` },
      );
    }
    for (const kind of alertsDue(state, ledger.alerts)) {
      await postComment(deps.octokit, ref, renderAlert(kind, state, budget.owners), {
        appId: deps.appId,
        cause: `alert-${kind}-${state.month}`,
      });
      deps.log.warn(`budget alert ${kind} for ${d.owner}/${d.repo}: ${budgetLine(state)}`);
    }
  },
};
