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
