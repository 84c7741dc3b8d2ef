import {
  type AlertKind,
  type BudgetConfig,
  type BudgetState,
  budgetState,
  ledgerMarker,
  parseSpendComment,
  type SpendEntry,
  type SpendRecord,
} from "../budget/ledger.js";
import { isFromThisApp, type ListedComment } from "./comments.js";
import type { Octokit } from "./octokit.js";

/** A repository. */
export interface RepoName {
  owner: string;
  repo: string;
}

/** A month's ledger as read from GitHub. */
export interface Ledger {
  month: string;
  /** The ledger issue's number, when it exists. */
  issue?: number;
  records: SpendRecord[];
  /** Alert kinds already posted this month. */
  alerts: Set<AlertKind>;
}

/**
 * Finds the month's ledger issue: an issue with `budget.label` that this App wrote
 * (`performed_via_github_app.id`) and whose body carries the month's marker
 * (GET /repos/{o}/{r}/issues?labels=…&state=all, paginated). The lowest number wins, should two
 * ever exist.
 */
export async function findLedgerIssue(
  octokit: Octokit,
  repo: RepoName,
  budget: Pick<BudgetConfig, "label">,
  month: string,
  appId: number,
): Promise<number | undefined> {
  const issues = (await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.repo,
    labels: budget.label,
    state: "all",
    per_page: 100,
  })) as Array<ListedComment & { number: number; pull_request?: unknown }>;
  const mine = issues
    .filter((i) => !i.pull_request && isFromThisApp(i, appId) && (i.body ?? "").includes(ledgerMarker(month)))
    .map((i) => i.number);
  return mine.length ? Math.min(...mine) : undefined;
}

/**
 * Reads a month's ledger: the records and alerts in this App's comments on the ledger issue
 * (GET /repos/{o}/{r}/issues/{n}/comments, paginated). Comments by anyone else never count.
 */
export async function readLedger(
  octokit: Octokit,
  repo: RepoName,
  budget: Pick<BudgetConfig, "label">,
  month: string,
  appId: number,
): Promise<Ledger> {
  const issue = await findLedgerIssue(octokit, repo, budget, month, appId);
  const ledger: Ledger = { month, records: [], alerts: new Set() };
  if (issue === undefined) return ledger;
  ledger.issue = issue;
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue,
    per_page: 100,
  })) as ListedComment[];
  for (const c of comments) {
    if (!isFromThisApp(c, appId)) continue;
    const record = parseSpendComment(c.body);
    if (record) ledger.records.push(record);
    const alert = /<!-- flightdeck:budget-alert month=\d{4}-\d{2} kind=(80|100|pace) -->/.exec(c.body ?? "");
    if (alert) ledger.alerts.add(alert[1] as AlertKind);
  }
  return ledger;
}

/**
 * The month's spend against the budget, read from the ledger in GitHub — what the doctor's
 * "budget state" line and every LLM feature check — with the month's entries. Two requests (the
 * ledger issue, its comments); one when the month has no ledger yet.
 *
 * @param options.epic also judge this epic's `budget.perEpicUsd`
 */
export async function readBudgetState(
  octokit: Octokit,
  repo: RepoName,
  budget: BudgetConfig,
  options: { appId: number; now: Date; epic?: number },
): Promise<BudgetState & { ledgerIssue?: number; entries: SpendEntry[] }> {
  const month = options.now.toISOString().slice(0, 7);
  const ledger = await readLedger(octokit, repo, budget, month, options.appId);
  const entries = ledger.records.flatMap((r) => r.entries);
  const state = budgetState({
    entries,
    budget,
    now: options.now,
    ...(options.epic !== undefined ? { epic: options.epic } : {}),
  });
  return { ...state, entries, ...(ledger.issue !== undefined ? { ledgerIssue: ledger.issue } : {}) };
}

/**
 * Creates the month's ledger issue (POST /repos/{o}/{r}/issues) with the label and marker. Call
 * only inside the repository's budget job key, after findLedgerIssue found none.
 */
export async function createLedgerIssue(
  octokit: Octokit,
  repo: RepoName,
  budget: Pick<BudgetConfig, "label">,
  month: string,
): Promise<number> {
  const { data } = await octokit.rest.issues.create({
    owner: repo.owner,
    repo: repo.repo,
    title: `Flightdeck LLM spend ${month}`,
    labels: [budget.label],
    body: [
      ledgerMarker(month),
      `Flightdeck records the cost of every LLM call it makes in this repository during ${month} (UTC) here, one comment per call, so that every instance knows the month's spend. Budget alerts are posted here too.`,
      "",
      "Set the limits with `budget.monthlyUsd` and `budget.perEpicUsd` in `.github/flightdeck.yml`. Do not delete Flightdeck's comments: they are the ledger.",
    ].join("\n"),
  });
  return data.number;
}
