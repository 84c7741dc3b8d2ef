import type { GroupedPull } from "../gates/merge-group.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { type ListedCheckRun, listCheckRuns } from "./checks.js";
import { MERGE_QUEUE } from "./documents.js";
import type { Octokit } from "./octokit.js";

type Repo = { owner: string; repo: string };

/** A merge group as `merge_group.checks_requested` describes it. */
export interface MergeGroupRef {
  /** The merge group's head commit: where the required check must report. */
  headSha: string;
  /** `refs/heads/gh-readonly-queue/main/pr-12-<sha>`. */
  headRef: string;
  /** The branch the queue merges into (`refs/heads/main` or `main`). */
  baseRef: string;
}

/**
 * The pull requests in a merge group: the queue entries up to the one whose head commit is the
 * group's head (a group holds its entry and every entry ahead of it), from GraphQL
 * `Repository.mergeQueue(branch).entries`. When the queue no longer lists the group, the pull
 * request named in the head ref (`…/pr-<number>-<sha>`) is used.
 * @returns pull request numbers with their head SHAs (head unknown in the fallback)
 */
export async function pullsInMergeGroup(
  octokit: Octokit,
  repo: Repo,
  group: MergeGroupRef,
): Promise<Array<{ number: number; headSha?: string }>> {
  type Entry = {
    position: number;
    headCommit: { oid: string } | null;
    pullRequest: { number: number; headRefOid: string } | null;
  };
  const data = await octokit.graphql<{
    repository: { mergeQueue: { entries: { nodes: Entry[] } } | null } | null;
  }>(MERGE_QUEUE, {
    owner: repo.owner,
    name: repo.repo,
    branch: group.baseRef.replace(/^refs\/heads\//, ""),
  });
  const entries = (data.repository?.mergeQueue?.entries.nodes ?? []).sort((a, b) => a.position - b.position);
  const mine = entries.find((e) => e.headCommit?.oid === group.headSha);
  if (mine) {
    return entries
      .filter((e) => e.position <= mine.position && e.pullRequest)
      .map((e) => ({
        number: e.pullRequest?.number as number,
        headSha: e.pullRequest?.headRefOid as string,
      }));
  }
  const named = /\/pr-(\d+)-[0-9a-f]+$/.exec(group.headRef);
  return named ? [{ number: Number(named[1]) }] : [];
}

/**
 * The current Go/No-Go verdict of a pull request: the newest "Flightdeck Go/No-Go" check run
 * created by this App (`app.id`) on its head (GET …/pulls/{n} when the head is unknown, then
 * GET …/commits/{sha}/check-runs). A same-named check run from any other App is ignored.
 */
export async function pullVerdict(
  octokit: Octokit,
  repo: Repo,
  pull: { number: number; headSha?: string },
  appId: number,
): Promise<GroupedPull> {
  const head =
    pull.headSha ?? (await octokit.rest.pulls.get({ ...repo, pull_number: pull.number })).data.head.sha;
  const runs = (await listCheckRuns(octokit, repo, head)).filter(
    (r) => r.name === GATE_CHECK_NAME && r.app?.id === appId,
  );
  const run: ListedCheckRun | undefined = runs.sort((a, b) => b.id - a.id)[0];
  if (!run) return { number: pull.number, verdict: "none" };
  if (run.status !== "completed") return { number: pull.number, verdict: "pending" };
  const go = run.conclusion === "success" || run.conclusion === "neutral";
  return {
    number: pull.number,
    verdict: go ? "go" : "no-go",
    ...(run.output.title ? { title: run.output.title } : {}),
  };
}
