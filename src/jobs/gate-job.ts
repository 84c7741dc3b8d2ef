import { formatConfigProblems } from "../config/parse.js";
import { sharedHeadRun } from "../gates/shared-head.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import type { Verdict } from "../gates/verdict.js";
import { type CheckRunWrite, type ListedCheckRun, upsertCheckRun } from "../github/checks.js";
import { loadRepoConfig } from "../github/config.js";
import { PermissionCache } from "../github/permission-cache.js";
import { evaluatePull } from "../github/pull-evaluation.js";
import { type PullRequestFacts, readPullRequestFacts } from "../github/pull-request-facts.js";
import type { JobDeps } from "./types.js";

/** A pull request to evaluate (serializable job data). */
export interface GateJob {
  owner: string;
  repo: string;
  defaultBranch: string;
  pull: number;
  /** Head commit from the webhook payload; informational — the head is read from GitHub. */
  head?: { sha: string; author: string; url: string };
}

const REEVALUATE = {
  label: "Re-evaluate",
  description: "Evaluate the go/no-go gate again",
  identifier: "reevaluate",
};

const COMMANDS_HELP =
  "Commands (write access, in a new comment; edited comments never count): `/flightdeck go`, `/flightdeck no-go <reason>`, `/flightdeck withdraw`.";

/**
 * Evaluates a pull request's go/no-go gate and writes the "Flightdeck Go/No-Go" check run on
 * its head commit. Everything is read afresh at each evaluation (the check run is only written,
 * never read back as state): the config from the default branch, the pull request's comments
 * (commands), reviews, commits, changed files and head check runs (one paginated GraphQL query),
 * and QA reports only from check runs whose producer is trusted (`evaluatePull`). When other open
 * pull requests have the same head commit, each is evaluated on its own and the one check run
 * shows the strictest verdict with every pull request's reasons (`sharedHeadRun`). Only this
 * App's own check run (`app.id === deps.appId`) is updated. An invalid config makes the check
 * run a failure that names the problem. Writes nothing when the check run is already current.
 * @returns the verdict of `job.pull` and what was written
 */
export async function runGateJob(
  deps: JobDeps & { permissions?: PermissionCache },
  job: GateJob,
): Promise<{ verdict?: Verdict; write: "created" | "updated" | "unchanged" | "skipped" }> {
  const repo = { owner: job.owner, repo: job.repo };
  const octokit = deps.octokit;
  const facts = await readPullRequestFacts(octokit, repo, job.pull);
  if (facts.state !== "OPEN") return { write: "skipped" };
  const sha = facts.head.sha;
  const existing = ownGateRun(facts, deps.appId);
  const loaded = await loadRepoConfig(octokit, { ...repo, defaultBranch: job.defaultBranch });
  if (!loaded.ok) {
    const write = await upsertCheckRun(octokit, repo, sha, existing, {
      name: GATE_CHECK_NAME,
      conclusion: "failure",
      title: `Invalid ${loaded.file}: no verdict`,
      summary: formatConfigProblems(loaded),
      text: "",
      detailsUrl: facts.url,
      actions: [REEVALUATE],
    });
    return { write };
  }
  const permissions = deps.permissions ?? new PermissionCache();
  const own = await evaluatePull(octokit, repo, job.pull, facts, loaded.config, permissions);
  const all = [own];
  for (const number of facts.sharingHead) {
    const other = await readPullRequestFacts(octokit, repo, number);
    // A pull request whose head moved on since no longer shares this commit's check run.
    if (other.state !== "OPEN" || other.head.sha !== sha) continue;
    all.push(await evaluatePull(octokit, repo, number, other, loaded.config, permissions));
  }
  const shared = sharedHeadRun(all, COMMANDS_HELP);
  const run: CheckRunWrite = {
    ...shared,
    text: untrustedText(own.untrusted),
    detailsUrl: facts.url,
    actions: [REEVALUATE],
  };
  const write = await upsertCheckRun(octokit, repo, sha, existing, run);
  deps.log.info(
    `gate ${job.owner}/${job.repo}#${job.pull} @ ${sha.slice(0, 7)}: ${own.verdict.conclusion}, check run ${run.conclusion}${all.length > 1 ? ` (shared by ${all.length} pull requests)` : ""} (${write})`,
  );
  return { verdict: own.verdict, write };
}

/** This App's newest "Flightdeck Go/No-Go" check run on the head; others' runs of that name are ignored. */
function ownGateRun(facts: PullRequestFacts, appId: number): ListedCheckRun | undefined {
  const own = facts.checkRuns
    .filter((r) => r.name === GATE_CHECK_NAME && r.app?.id === appId)
    .sort((a, b) => b.id - a.id)[0];
  if (!own) return undefined;
  return {
    id: own.id,
    name: own.name,
    status: own.status,
    conclusion: own.conclusion,
    completed_at: own.completedAt,
    // GitHub may answer an empty text as null: compare like with like so nothing is rewritten.
    output: { title: own.title, summary: own.summary ?? "", text: own.text ?? "" },
  };
}

/** The check run's text: for people only, listing check runs that were not accepted as evidence. */
function untrustedText(untrusted: string[]): string {
  if (!untrusted.length) return "";
  return ["Check runs not accepted as evidence:", "", ...untrusted.slice(0, 20).map((u) => `- ${u}`)].join(
    "\n",
  );
}
