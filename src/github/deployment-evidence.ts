import type { DeploymentPolicy } from "../config/schema.js";
import type { DeploymentEvidence } from "../gates/deployment.js";
import { GITHUB_ACTIONS_APP_ID } from "../gates/evidence.js";
import { activeSources } from "../gates/security.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { checklistMarker, checklistProgress } from "../release/checklist.js";
import { readinessSummary } from "../release/readiness-summary.js";
import { reportFromCheckText } from "../reports/publish.js";
import { CHECK_NAMES, type LoadReport, type QaReport } from "../reports/schema.js";
import { type ListedCheckRun, listCheckRuns } from "./checks.js";
import { isFromThisApp } from "./comments.js";
import type { Octokit } from "./octokit.js";
import { readSecurityEvidence } from "./security.js";

type Repo = { owner: string; repo: string };

/** What to gather evidence for, and whom to trust. */
export interface EvidenceInput {
  /** The commit being deployed (40 hex). */
  sha: string;
  environment: string;
  now: Date;
  policy: DeploymentPolicy;
  checklistLabel: string;
  /** This App's id: only its Go/No-Go check runs and checklist issues count. */
  appId: number;
  /** Login of who started the deployment: their own approvals never count (four-eyes). */
  initiator?: string;
  /** Release version (from a tag ref such as `v1.2.3`): only that version's checklist counts. */
  version?: string;
  /** The deployment's ref (`v1.2.3`, `refs/tags/v1.2.3`, `main`): code scanning is read on it. */
  ref?: string;
  /** The repository's default branch: code scanning's ref when the deployment names none. */
  defaultBranch?: string;
}

/**
 * The git ref code scanning alerts are read on for a deployment: a full ref as given, a tag
 * (`v1.2.3`) as `refs/tags/…`, a branch name as `refs/heads/…`; a commit SHA or no ref means the
 * default branch (where GitHub analyses the code that reaches production).
 */
export function codeScanningRef(ref: string | undefined, defaultBranch: string, isTag: boolean): string {
  if (!ref || /^[0-9a-f]{40}$/.test(ref)) return `refs/heads/${defaultBranch}`;
  if (ref.startsWith("refs/")) return ref;
  return isTag ? `refs/tags/${ref}` : `refs/heads/${ref}`;
}

/**
 * Gathers the evidence for deploying `sha`:
 * - the Go/No-Go verdict of the **merged** pull request whose merge commit is `sha`
 *   (GET …/commits/{sha}/pulls: `merged_at`, `merge_commit_sha`), read only from a check run this
 *   App created (`app.id`), on the deployed commit or that pull request's head; when its only
 *   approvals (GET …/pulls/{n}/reviews) are the deploy initiator's, it is a no-go (four-eyes);
 * - the latest QA and load reports on the commit (check runs made by GitHub Actions only);
 * - the readiness checklist this App opened for the version (issue written through this App,
 *   with its marker) and open P0 bugs (GET …/issues?labels=…&state=open);
 * - open security alerts when the policy has `security` (see readSecurityEvidence).
 */
export async function gatherDeploymentEvidence(
  octokit: Octokit,
  repo: Repo,
  input: EvidenceInput,
): Promise<DeploymentEvidence> {
  const runs = await listCheckRuns(octokit, repo, input.sha);
  const report = <T extends QaReport | LoadReport>(
    name: string,
    kind: T["kind"],
  ): T | "pending" | undefined => {
    // A check run's name proves nothing: reports count only from GitHub Actions' own App (a
    // workflow's GITHUB_TOKEN). The deployed commit is on the default branch, so its workflows
    // are the repository's own, not a pull request's edit of them.
    const named = runs.filter((r) => r.name === name && r.app?.id === GITHUB_ACTIONS_APP_ID);
    const done = named
      .filter((r) => r.status === "completed")
      .sort((a, b) => (b.completed_at ?? "").localeCompare(a.completed_at ?? ""));
    for (const r of done) {
      const parsed = reportFromCheckText(r.output.text);
      if (parsed.ok && parsed.report.kind === kind) return parsed.report as T;
    }
    return named.some((r) => r.status !== "completed") ? "pending" : undefined;
  };

  let gate: DeploymentEvidence["pullRequestGate"] = { state: "none" };
  if (input.policy.pullRequestGate !== "off") {
    const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: input.sha,
    });
    // Only a merged pull request whose merge commit is what is deployed vouches for it: an open
    // PR (or one merely containing the commit) was never approved as this commit.
    const pr = pulls.find((p) => p.merged_at && p.merge_commit_sha === input.sha);
    if (pr) {
      const ours = (list: ListedCheckRun[]) =>
        list.filter((r) => r.name === GATE_CHECK_NAME && r.app?.id === input.appId);
      let verdict = newest(ours(runs));
      if (!verdict && pr.head.sha !== input.sha)
        verdict = newest(ours(await listCheckRuns(octokit, repo, pr.head.sha)));
      gate = { pull: pr.number, ...gateState(verdict) };
      if (gate.state === "go" && input.initiator) {
        const own = await ownApprovalOnly(octokit, repo, pr.number, input.initiator, pr.user?.login);
        if (own) gate = { pull: pr.number, state: "no-go", title: own };
      }
    }
  }

  const open = async (label: string) =>
    (
      await octokit.rest.issues.listForRepo({ ...repo, labels: label, state: "open", per_page: 50 })
    ).data.filter((i) => !i.pull_request);
  const p0Bugs =
    input.policy.p0Bugs.level === "off"
      ? []
      : (await open(input.policy.p0Bugs.label)).map((i) => ({ number: i.number, title: i.title }));
  let checklist: DeploymentEvidence["checklist"];
  let readiness: DeploymentEvidence["readiness"];
  // The release issue: read for the checklist criterion and for its readiness report, which the
  // status report shows. It counts only when this App opened it for this version (anyone can
  // label an issue "release-checklist" and tick every box).
  const mark = input.version ? checklistMarker(input.version) : "<!-- flightdeck:checklist version=";
  const issue = (await open(input.checklistLabel))
    .filter((i) => isFromThisApp(i, input.appId) && (i.body ?? "").includes(mark))
    .sort((a, b) => b.number - a.number)[0];
  if (issue && input.policy.checklist !== "off") {
    checklist = { number: issue.number, title: issue.title, ...checklistProgress(issue.body ?? "") };
  }
  const summary = issue ? readinessSummary(issue.body) : undefined;
  if (issue && summary) readiness = { issue: issue.number, summary };
  const sources = activeSources(input.policy.security);
  const security = sources.length
    ? await readSecurityEvidence(octokit, repo, {
        ref: codeScanningRef(input.ref, input.defaultBranch ?? "main", input.version !== undefined),
        sources,
        htmlBase: `https://github.com/${repo.owner}/${repo.repo}`,
      })
    : undefined;
  const qa = report<QaReport>(CHECK_NAMES.qa, "qa");
  const load = input.policy.load ? report<LoadReport>(CHECK_NAMES.load, "load") : undefined;
  return {
    sha: input.sha,
    environment: input.environment,
    now: input.now,
    pullRequestGate: gate,
    ...(qa ? { qa } : {}),
    ...(load ? { load } : {}),
    ...(checklist ? { checklist } : {}),
    p0Bugs,
    ...(security ? { security } : {}),
    ...(readiness ? { readiness } : {}),
  };
}

/**
 * Four-eyes: the reason the pull request's approvals do not count when every approval (latest
 * review per person, GET …/pulls/{n}/reviews) is by the deploy initiator (or the PR author).
 * @returns undefined when someone else approved, or when no review approved at all (the gate's
 *   verdict stands: it already refuses approvals by the author)
 */
async function ownApprovalOnly(
  octokit: Octokit,
  repo: Repo,
  pull: number,
  initiator: string,
  author: string | undefined,
): Promise<string | undefined> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    ...repo,
    pull_number: pull,
    per_page: 100,
  });
  const latest = new Map<string, string>();
  for (const r of reviews) if (r.user?.login) latest.set(r.user.login.toLowerCase(), r.state);
  const approvers = [...latest].filter(([, state]) => state === "APPROVED").map(([login]) => login);
  const me = initiator.toLowerCase();
  if (!approvers.includes(me)) return undefined;
  const others = approvers.filter((l) => l !== me && l !== author?.toLowerCase());
  return others.length
    ? undefined
    : `its only approval is by ${initiator}, who started this deployment (four-eyes: a deployer's own approval does not count)`;
}

function gateState(run: ListedCheckRun | undefined): { state: "go" | "no-go" | "pending"; title?: string } {
  if (run?.status !== "completed") return { state: "pending" };
  const go = run.conclusion === "success" || run.conclusion === "neutral";
  return { state: go ? "go" : "no-go", ...(run.output.title ? { title: run.output.title } : {}) };
}

function newest(runs: ListedCheckRun[]): ListedCheckRun | undefined {
  return [...runs].sort((a, b) => b.id - a.id)[0];
}
