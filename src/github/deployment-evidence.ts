import type { Config, DeploymentPolicy } from "../config/schema.js";
import type { DeploymentEvidence } from "../gates/deployment.js";
import { GITHUB_ACTIONS_APP_ID } from "../gates/evidence.js";
import { fourEyesProblem } from "../gates/four-eyes.js";
import { activeSources } from "../gates/security.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { checklistMarker, checklistProgress } from "../release/checklist.js";
import { readinessSummary } from "../release/readiness-summary.js";
import { reportFromCheckText } from "../reports/publish.js";
import { CHECK_NAMES, type LoadReport, type QaReport } from "../reports/schema.js";
import { type ListedCheckRun, listCheckRuns } from "./checks.js";
import { isFromThisApp } from "./comments.js";
import { pullReport, reportTrust } from "./deployment-trust.js";
import type { Octokit } from "./octokit.js";
import { evaluatePull } from "./pull-evaluation.js";
import { readPullRequestFacts } from "./pull-request-facts.js";
import { readSecurityEvidence } from "./security.js";

type Repo = { owner: string; repo: string };

/** What to gather evidence for, and whom to trust. */
export interface EvidenceInput {
  /** The commit being deployed (40 hex). */
  sha: string;
  environment: string;
  now: Date;
  policy: DeploymentPolicy;
  /** The whole config: four-eyes re-counts the pull request's approvals under its team and policy. */
  config: Config;
  checklistLabel: string;
  /**
   * The default branch: reports on commits it contains come from reviewed workflows, and code
   * scanning's ref when the deployment names none.
   */
  defaultBranch: string;
  /** This App's id: only its Go/No-Go check runs and checklist issues count. */
  appId: number;
  /** Logins of who started the deployment (creator, run's actors): their approvals never count (four-eyes). */
  initiators: string[];
  /** Release version (from a tag ref such as `v1.2.3`): only that version's checklist counts. */
  version?: string;
  /** The deployment's ref (`v1.2.3`, `refs/tags/v1.2.3`, `main`): code scanning is read on it. */
  ref?: string;
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
 *   App created (`app.id`), on the deployed commit or that pull request's head; four-eyes: when
 *   it is a go only thanks to the deploy initiator's own approvals — reviews and `/flightdeck go`
 *   alike, re-read from the pull request (`readPullRequestFacts`) — it is a no-go (`fourEyesProblem`);
 * - the latest QA and load reports on the commit, from check runs GitHub Actions made in
 *   workflows someone reviewed (`reportTrust`: the commit is on the default branch, or the head
 *   of an open pull request that does not modify them);
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
  const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repo,
    commit_sha: input.sha,
  });
  const wantsReports = input.policy.qa !== "off" || input.policy.load !== undefined;
  const trust = wantsReports
    ? await reportTrust(octokit, repo, input.sha, input.defaultBranch, pulls)
    : ({ kind: "repository" } as const);
  const distrust: string[] = [];
  const report = <T extends QaReport | LoadReport>(
    name: string,
    kind: T["kind"],
  ): T | "pending" | undefined => {
    if (trust.kind === "none") {
      distrust.push(trust.why);
      return undefined;
    }
    if (trust.kind === "pull") {
      const judged = pullReport<T>(trust, kind);
      if (judged.why) distrust.push(judged.why);
      return judged.report;
    }
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
      if (gate.state === "go" && input.initiators.length) {
        const facts = await readPullRequestFacts(octokit, repo, pr.number);
        const judged = await evaluatePull(octokit, repo, pr.number, facts, input.config, undefined, true);
        const own = fourEyesProblem(input.config.gates.pullRequest, judged.evidence, input.initiators);
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
    ...(distrust.length ? { distrust: [...new Set(distrust)] } : {}),
    p0Bugs,
    ...(security ? { security } : {}),
    ...(readiness ? { readiness } : {}),
  };
}

function gateState(run: ListedCheckRun | undefined): { state: "go" | "no-go" | "pending"; title?: string } {
  if (run?.status !== "completed") return { state: "pending" };
  const go = run.conclusion === "success" || run.conclusion === "neutral";
  return { state: go ? "go" : "no-go", ...(run.output.title ? { title: run.output.title } : {}) };
}

function newest(runs: ListedCheckRun[]): ListedCheckRun | undefined {
  return [...runs].sort((a, b) => b.id - a.id)[0];
}
