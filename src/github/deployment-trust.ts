import { judgeEvidence } from "../gates/evidence.js";
import type { LoadReport, QaReport } from "../reports/schema.js";
import type { Octokit } from "./octokit.js";
import { type PullRequestFacts, readPullRequestFacts } from "./pull-request-facts.js";

type Repo = { owner: string; repo: string };

/**
 * Whose workflows the check runs on a deployed commit come from, and so whether their reports
 * are evidence:
 * - `repository`: the commit is on the default branch (a merged pull request's merge commit, or
 *   in its history): its workflows are the reviewed ones — GitHub Actions' reports count;
 * - `pull`: the commit is the head of an open pull request (a branch deployed before merging):
 *   its reports count as in that pull request's own gate (`judgeEvidence`: not from a workflow,
 *   local action or reusable workflow the pull request modifies);
 * - `none`: neither — a commit no review saw, whose workflows anyone who could push it wrote.
 */
export type ReportTrust =
  | { kind: "repository" }
  | { kind: "pull"; pull: number; facts: PullRequestFacts }
  | { kind: "none"; why: string };

/**
 * Decides `ReportTrust` for `sha` from its associated pull requests (GET …/commits/{sha}/pulls,
 * passed in) and, when no merged one has it as merge commit, whether the default branch
 * contains it (GET …/compare/{default}...{sha}: `behind` or `identical`), then the open pull
 * request whose head it is (`readPullRequestFacts`).
 */
export async function reportTrust(
  octokit: Octokit,
  repo: Repo,
  sha: string,
  defaultBranch: string,
  pulls: Array<{
    number: number;
    state: string;
    merged_at: string | null;
    merge_commit_sha: string | null;
    head: { sha: string };
  }>,
): Promise<ReportTrust> {
  if (pulls.some((p) => p.merged_at && p.merge_commit_sha === sha)) return { kind: "repository" };
  const { data: compared } = await octokit.rest.repos.compareCommitsWithBasehead({
    ...repo,
    basehead: `${defaultBranch}...${sha}`,
    per_page: 1,
  });
  if (compared.status === "behind" || compared.status === "identical") return { kind: "repository" };
  const open = pulls.find((p) => p.state === "open" && p.head.sha === sha);
  if (open) {
    const facts = await readPullRequestFacts(octokit, repo, open.number);
    if (facts.head.sha === sha) return { kind: "pull", pull: open.number, facts };
  }
  return {
    kind: "none",
    why: `${sha.slice(0, 7)} is neither on ${defaultBranch} nor the head of an open pull request, so no review saw the workflows that report on it; its check runs are not evidence`,
  };
}

/**
 * The report of `kind` a `pull`-trusted commit offers, judged as its pull request's gate judges
 * it: the report, or why none counts (neither: none has arrived yet).
 */
export function pullReport<T extends QaReport | LoadReport>(
  trust: Extract<ReportTrust, { kind: "pull" }>,
  kind: T["kind"],
): { report?: T; why?: string } {
  const { facts } = trust;
  const judged = judgeEvidence(kind, facts.checkRuns, {
    repository: facts.repository,
    headSha: facts.head.sha,
    changedFiles: facts.changedFiles,
    workflows: facts.workflows,
    actions: facts.actions,
  });
  if (judged.report?.kind === kind) return { report: judged.report as T };
  const why = judged.problem ?? judged.untrusted[0];
  return why ? { why: `#${trust.pull}: ${why}` } : {};
}
