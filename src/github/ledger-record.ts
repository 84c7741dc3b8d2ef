import {
  type AlertKind,
  alertsDue,
  type BudgetState,
  budgetLine,
  budgetState,
  monthOf,
  renderAlert,
  type SpendRecord,
  spendMarker,
} from "../budget/ledger.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import { formatUsd } from "../planner/cost.js";
import { postComment } from "./comments.js";
import { loadRepoConfig } from "./config.js";
import { createLedgerIssue, readLedger } from "./ledger.js";
import type { Octokit } from "./octokit.js";

/** What recording did: whether the record was new, the alerts posted, and the month's state after it. */
export interface LedgerWrite {
  recorded: boolean;
  alerts: AlertKind[];
  state: BudgetState;
}

/**
 * Records LLM spend in the month's ledger issue (created when missing), then posts the alerts
 * the new total calls for — 80 %, 100 %, a pace that would end the budget early — once each per
 * month, mentioning `budget.owners` from the default branch's config. Idempotent: a record whose
 * id is already in the ledger is not written again, and every comment carries a reply marker
 * looked up before posting. Must be called with this App's installation token (`appId`): the
 * ledger counts only the App's own comments. Endpoints: the config (contents), GET …/issues
 * (ledger lookup), GET …/issues/{n}/comments, POST /repos/{o}/{r}/issues (once a month),
 * POST …/issues/{n}/comments.
 */
export async function writeSpendRecord(
  octokit: Octokit,
  repo: { owner: string; repo: string; defaultBranch: string },
  record: SpendRecord,
  appId: number,
): Promise<LedgerWrite> {
  const loaded = await loadRepoConfig(octokit, repo);
  // An invalid config must not lose spend that happened: record it under the defaults.
  const budget = (loaded.ok ? loaded.config : DEFAULT_CONFIG).budget;
  const month = monthOf(new Date(record.entries[0]?.at ?? new Date().toISOString()));
  const name = { owner: repo.owner, repo: repo.repo };
  const ledger = await readLedger(octokit, name, budget, month, appId);
  const entries = ledger.records.flatMap((r) => r.entries);
  const known = ledger.records.some((r) => r.id === record.id);
  const after = [...entries, ...(known ? [] : record.entries)];
  const now = new Date(Math.max(...after.map((e) => Date.parse(e.at))));
  const state = budgetState({ entries: after, budget, now });
  const issue = ledger.issue ?? (await createLedgerIssue(octokit, name, budget, month));
  const ref = { ...name, issue_number: issue };
  if (!known) {
    const lines = record.entries.map(
      (e) =>
        `- ${e.purpose}${e.issue ? ` on issue ${e.issue}` : ""}: ${formatUsd(e.usd)} (${e.model}, ${e.inputTokens} input + ${e.outputTokens} output tokens)`,
    );
    await postComment(octokit, ref, [spendMarker(record), ...lines, "", budgetLine(state)].join("\n"), {
      appId,
      cause: `spend-${record.id}`,
    });
  }
  const alerts = alertsDue(state, ledger.alerts);
  for (const kind of alerts)
    await postComment(octokit, ref, renderAlert(kind, state, budget.owners), {
      appId,
      cause: `alert-${kind}-${state.month}`,
    });
  return { recorded: !known, alerts, state };
}
