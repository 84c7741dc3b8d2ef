import { formatConfigProblems } from "../config/parse.js";
import { evaluateMergeGroup, type GroupedPull } from "../gates/merge-group.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import type { CheckRunWrite } from "../github/checks.js";
import { listCheckRuns, upsertCheckRun } from "../github/checks.js";
import { loadRepoConfig } from "../github/config.js";
import { type MergeGroupRef, pullsInMergeGroup } from "../github/merge-group.js";
import { PermissionCache } from "../github/permission-cache.js";
import { evaluatePull } from "../github/pull-evaluation.js";
import { readPullRequestFacts } from "../github/pull-request-facts.js";
import type { JobDeps } from "./types.js";

/** A merge group to report on: its repository, head SHA and refs (from `merge_group` payloads). */
export type MergeGroupJob = {
  owner: string;
  repo: string;
  /** Where the config is read (the payload's `repository.default_branch`); else the queue's base. */
  defaultBranch?: string;
} & MergeGroupRef;

/**
 * Reports "Flightdeck Go/No-Go" on a merge group's head SHA (`merge_group.checks_requested`):
 * evaluates every pull request in the group afresh — the same evaluation as its own gate
 * (`evaluatePull`: current evidence, commands, reviews and the default branch's policy), bound
 * to the head the queue lists for it, never a check run's earlier verdict — and concludes the
 * check run: success when all are a go, failure with each reason otherwise, and failure (never
 * silence) when the job itself fails, so a required check never stalls the merge queue.
 * @returns the conclusion posted
 */
export async function runMergeGroupJob(deps: JobDeps, job: MergeGroupJob): Promise<string> {
  const repo = { owner: job.owner, repo: job.repo };
  let run: CheckRunWrite;
  try {
    run = await judgeGroup(deps, job);
  } catch (error) {
    run = {
      name: GATE_CHECK_NAME,
      conclusion: "failure",
      title: "No-go: Flightdeck could not evaluate this merge group",
      summary: `Internal error: ${(error as Error).message}. Re-queue the pull request to try again.`,
      text: "",
    };
  }
  const existing = (await listCheckRuns(deps.octokit, repo, job.headSha))
    .filter((r) => r.name === GATE_CHECK_NAME && r.app?.id === deps.appId)
    .sort((a, b) => b.id - a.id)[0];
  await upsertCheckRun(deps.octokit, repo, job.headSha, existing, run);
  deps.log.info(`merge group ${job.headSha.slice(0, 7)}: ${run.title}`);
  return run.conclusion;
}

async function judgeGroup(deps: JobDeps, job: MergeGroupJob): Promise<CheckRunWrite> {
  const repo = { owner: job.owner, repo: job.repo };
  const defaultBranch = job.defaultBranch ?? job.baseRef.replace(/^refs\/heads\//, "");
  const loaded = await loadRepoConfig(deps.octokit, { ...repo, defaultBranch });
  if (!loaded.ok) {
    return {
      name: GATE_CHECK_NAME,
      conclusion: "failure",
      title: `Invalid ${loaded.file}: no verdict`,
      summary: formatConfigProblems(loaded),
      text: "",
    };
  }
  const permissions = new PermissionCache();
  const verdicts: GroupedPull[] = [];
  for (const p of await pullsInMergeGroup(deps.octokit, repo, job)) {
    const facts = await readPullRequestFacts(deps.octokit, repo, p.number);
    if (facts.state !== "OPEN") {
      verdicts.push({ number: p.number, verdict: "no-go", title: "it is no longer open" });
    } else if (p.headSha && facts.head.sha !== p.headSha) {
      verdicts.push({
        number: p.number,
        verdict: "no-go",
        title: `its head moved from ${p.headSha.slice(0, 7)} to ${facts.head.sha.slice(0, 7)} after it was queued`,
      });
    } else {
      const judged = await evaluatePull(deps.octokit, repo, p.number, facts, loaded.config, permissions);
      verdicts.push({ number: p.number, verdict: judged.verdict.decision, title: judged.verdict.title });
    }
  }
  return evaluateMergeGroup(verdicts);
}
