import { evaluateMergeGroup } from "../gates/merge-group.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { listCheckRuns, upsertCheckRun } from "../github/checks.js";
import { type MergeGroupRef, pullsInMergeGroup, pullVerdict } from "../github/merge-group.js";
import type { JobDeps } from "./types.js";

/** A merge group to report on: its repository, head SHA and refs (from `merge_group` payloads). */
export type MergeGroupJob = { owner: string; repo: string } & MergeGroupRef;

/**
 * Reports "Flightdeck Go/No-Go" on a merge group's head SHA (`merge_group.checks_requested`):
 * evaluates every pull request in the group from its current verdict and concludes the check
 * run — success when all are a go, failure with each reason otherwise, and failure (never
 * silence) when the job itself fails, so a required check never stalls the merge queue.
 * @returns the conclusion posted
 */
export async function runMergeGroupJob(deps: JobDeps, job: MergeGroupJob): Promise<string> {
  const repo = { owner: job.owner, repo: job.repo };
  let run: ReturnType<typeof evaluateMergeGroup>;
  try {
    const pulls = await pullsInMergeGroup(deps.octokit, repo, job);
    const verdicts = [];
    for (const p of pulls) verdicts.push(await pullVerdict(deps.octokit, repo, p, deps.appId));
    run = evaluateMergeGroup(verdicts);
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
