import type { Octokit } from "./octokit.js";

type Nodes<T> = { nodes: Array<T | null> | null };
const list = <T>(c: Nodes<T> | null | undefined): T[] => (c?.nodes ?? []).filter((n): n is T => n !== null);

/** The parent of an issue and the parents of the issues it blocks (one request). */
export const ISSUE_EPICS_QUERY = `query IssueEpics($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    nameWithOwner
    issue(number: $number) {
      parent { number repository { nameWithOwner } }
      blocking(first: 50) { nodes { parent { number repository { nameWithOwner } } } }
    }
  }
}`;

type ParentRef = { parent: { number: number; repository: { nameWithOwner: string } } | null };

/**
 * The epics (parent issues in the same repository) an issue belongs to or whose sub-issues it
 * blocks — for an issue Flightdeck did not create, whose close or reopen may still move an epic.
 * @returns issue numbers, without duplicates (empty when the issue is gone)
 */
export async function findEpicsOf(octokit: Octokit, ref: { owner: string; repo: string; issue: number }) {
  const data = await octokit.graphql<{
    repository: { nameWithOwner: string; issue: (ParentRef & { blocking: Nodes<ParentRef> }) | null } | null;
  }>(ISSUE_EPICS_QUERY, { owner: ref.owner, name: ref.repo, number: ref.issue });
  const repo = data.repository;
  if (!repo?.issue) return [];
  const here = repo.nameWithOwner.toLowerCase();
  const parents = [repo.issue.parent, ...list(repo.issue.blocking).map((b) => b.parent)];
  return [
    ...new Set(
      parents.flatMap((p) => (p && p.repository.nameWithOwner.toLowerCase() === here ? [p.number] : [])),
    ),
  ];
}
