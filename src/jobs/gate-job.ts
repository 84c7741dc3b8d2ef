import { formatConfigProblems } from "../config/parse.js";
import { commandsFrom, headSince } from "../gates/commands.js";
import { judgeEvidence } from "../gates/evidence.js";
import { evaluatePullRequestGate } from "../gates/pull-request.js";
import { activeSources } from "../gates/security.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { type Verdict, verdictMarkdown } from "../gates/verdict.js";
import { type CheckRunWrite, type ListedCheckRun, upsertCheckRun } from "../github/checks.js";
import { loadRepoConfig } from "../github/config.js";
import { PermissionCache } from "../github/permission-cache.js";
import { type PullRequestFacts, readPullRequestFacts } from "../github/pull-request-facts.js";
import { readSecurityEvidence } from "../github/security.js";
import type { QaReport } from "../reports/schema.js";
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
 * and QA reports only from check runs whose producer is trusted (`judgeEvidence`). Only this
 * App's own check run (`app.id === deps.appId`) is updated. An invalid config makes the check
 * run a failure that names the problem. Writes nothing when the check run is already current.
 * @returns the verdict and what was written
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
  const config = loaded.config;
  const qa = judgeEvidence("qa", facts.checkRuns, {
    repository: facts.repository,
    headSha: sha,
    changedFiles: facts.changedFiles,
    workflows: facts.workflows,
  });
  const commands = commandsFrom(facts.comments);
  const members = new Set(
    Object.values(config.team)
      .flat()
      .map((l) => (l as string).toLowerCase()),
  );
  const candidates = [...facts.reviews.map((r) => r.user), ...commands.map((c) => c.user)].filter((u) =>
    members.has(u.toLowerCase()),
  );
  const writers = await (deps.permissions ?? new PermissionCache()).canWrite(
    octokit,
    job.owner,
    job.repo,
    candidates,
  );
  const since = headSince(facts.head);
  // Code scanning analyses a pull request on its merge ref (CodeQL's `pull_request` runs).
  const sources = activeSources(config.gates.pullRequest.security);
  const security = sources.length
    ? await readSecurityEvidence(octokit, repo, {
        ref: `refs/pull/${job.pull}/merge`,
        sources,
        htmlBase: facts.url.replace(/\/pull\/\d+$/, ""),
      })
    : undefined;
  const verdict = evaluatePullRequestGate(config.gates.pullRequest, {
    headSha: sha,
    ...(since ? { headSince: since } : {}),
    author: facts.author,
    contributors: facts.contributors,
    ...(qa.report?.kind === "qa" ? { qaReport: qa.report as QaReport } : {}),
    ...(qa.problem ? { unreadableQa: qa.problem } : {}),
    untrustedQa: qa.untrusted,
    ...(security ? { security } : {}),
    reviews: facts.reviews,
    commands,
    team: config.team,
    canWrite: (login) => writers.has(login.toLowerCase()),
  });
  const run: CheckRunWrite = {
    name: GATE_CHECK_NAME,
    conclusion: verdict.conclusion,
    title: verdict.title,
    summary: `${verdictMarkdown(verdict)}\n\n${COMMANDS_HELP}`,
    text: untrustedText(qa.untrusted),
    detailsUrl: facts.url,
    actions: [REEVALUATE],
  };
  const write = await upsertCheckRun(octokit, repo, sha, existing, run);
  deps.log.info(
    `gate ${job.owner}/${job.repo}#${job.pull} @ ${sha.slice(0, 7)}: ${verdict.conclusion} (${write})`,
  );
  return { verdict, write };
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
