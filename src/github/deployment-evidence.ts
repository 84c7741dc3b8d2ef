import type { DeploymentPolicy } from "../config/schema.js";
import type { DeploymentEvidence } from "../gates/deployment.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { checklistProgress } from "../release/checklist.js";
import { reportFromCheckText } from "../reports/publish.js";
import { CHECK_NAMES, type LoadReport, type QaReport } from "../reports/schema.js";
import { type ListedCheckRun, listCheckRuns } from "./checks.js";
import type { Octokit } from "./octokit.js";

type Repo = { owner: string; repo: string };

/**
 * Gathers the evidence for deploying `sha`: the Go/No-Go verdict of the pull request that
 * brought it (GET …/commits/{sha}/pulls, then the gate check run on the deployed commit or on
 * that pull request's head), the latest QA and load reports on the commit (check runs), the
 * open readiness checklist and open P0 bugs (GET …/issues?labels=…&state=open).
 */
export async function gatherDeploymentEvidence(
  octokit: Octokit,
  repo: Repo,
  input: {
    sha: string;
    environment: string;
    now: Date;
    policy: DeploymentPolicy;
    checklistLabel: string;
    /** This App's id: only its own "Flightdeck Go/No-Go" check run is the gate's verdict. */
    appId: number;
  },
): Promise<DeploymentEvidence> {
  const runs = await listCheckRuns(octokit, repo, input.sha);
  const report = <T extends QaReport | LoadReport>(
    name: string,
    kind: T["kind"],
  ): T | "pending" | undefined => {
    const named = runs.filter((r) => r.name === name);
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
    const pr = pulls[0];
    if (pr) {
      // Anyone can name a check run "Flightdeck Go/No-Go": only this App's own is the verdict.
      const own = (r: ListedCheckRun) => r.name === GATE_CHECK_NAME && r.app?.id === input.appId;
      let verdict = newest(runs.filter(own));
      if (!verdict && pr.head.sha !== input.sha)
        verdict = newest((await listCheckRuns(octokit, repo, pr.head.sha)).filter(own));
      gate = { pull: pr.number, ...gateState(verdict) };
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
  if (input.policy.checklist !== "off") {
    const issue = (await open(input.checklistLabel)).sort((a, b) => b.number - a.number)[0];
    if (issue) {
      checklist = { number: issue.number, title: issue.title, ...checklistProgress(issue.body ?? "") };
    }
  }
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
