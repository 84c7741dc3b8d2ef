import type { EpicState } from "../planner/reconcile.js";
import { epicStateQuery, LABELS_PAGE } from "./documents.js";
import type { Octokit } from "./octokit.js";

/** Where an epic lives. */
export interface EpicRef {
  owner: string;
  repo: string;
  /** Issue number of the epic. */
  epic: number;
}

/** Epic state plus what the writer needs: repository id and our own comments. */
export interface EpicSnapshot extends EpicState {
  repositoryId: string;
  /** Comments on the epic written by this app (GraphQL `viewerDidAuthor`). */
  ownComments: Array<{ id: string; body: string }>;
  /** Total sub-issues of the epic, open and closed (GitHub allows 100 per parent). */
  subIssueCount: number;
}

interface StateResponse {
  repository: {
    id: string;
    issue: {
      id: string;
      number: number;
      body: string;
      state: string;
      subIssues: {
        totalCount: number;
        nodes: Array<{
          id: string;
          number: number;
          title: string;
          body: string;
          viewerDidAuthor: boolean;
          blockedBy: { nodes: Array<{ id: string }> };
        }>;
      };
      early: { nodes: Array<{ id: string; body: string; viewerDidAuthor: boolean }> };
      recent: { nodes: Array<{ id: string; body: string; viewerDidAuthor: boolean }> };
    } | null;
    labels: LabelsPage;
  } | null;
  [alias: `u${number}`]: { id: string; login: string } | null;
}
interface LabelsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ id: string; name: string }>;
}

/**
 * Reads everything reconciliation needs in one GraphQL request (plus one per extra 100 labels):
 * the epic, its sub-issues with markers and blockers, our comments (the first 50 and the last
 * 100), labels and the node ids of
 * the logins that may be assigned. Follows GitHub's GraphQL schema (`Issue.subIssues`,
 * `Issue.blockedBy`, `IssueComment.viewerDidAuthor`).
 *
 * @throws Error when the repository or the epic cannot be read
 */
export async function readEpicState(octokit: Octokit, ref: EpicRef, logins: string[]): Promise<EpicSnapshot> {
  const vars: Record<string, unknown> = { owner: ref.owner, name: ref.repo, number: ref.epic };
  logins.forEach((login, i) => {
    vars[`u${i}`] = login;
  });
  let data: StateResponse;
  try {
    data = await octokit.graphql<StateResponse>(epicStateQuery(logins.length), vars);
  } catch (error) {
    // A login that does not exist is a GraphQL NOT_FOUND error on its alias; the rest is valid.
    const partial =
      (error as { data?: StateResponse; errors?: Array<{ type?: string; path?: string[] }> }) ?? {};
    const onlyUsers = partial.errors?.every(
      (e) => e.type === "NOT_FOUND" && /^u\d+$/.test(String(e.path?.[0])),
    );
    if (!partial.data || !onlyUsers) throw error;
    data = partial.data;
  }
  const repo = data.repository;
  if (!repo?.issue) throw new Error(`Issue #${ref.epic} was not found in ${ref.owner}/${ref.repo}.`);
  const labels = new Map(repo.labels.nodes.map((l) => [l.name.toLowerCase(), l.id]));
  let page = repo.labels.pageInfo;
  while (page.hasNextPage) {
    const next = await octokit.graphql<{ repository: { labels: LabelsPage } }>(LABELS_PAGE, {
      owner: ref.owner,
      name: ref.repo,
      labelsAfter: page.endCursor,
    });
    for (const l of next.repository.labels.nodes) labels.set(l.name.toLowerCase(), l.id);
    page = next.repository.labels.pageInfo;
  }
  const users = new Map<string, string | null>();
  logins.forEach((login, i) => {
    users.set(login.toLowerCase(), data[`u${i}`]?.id ?? null);
  });
  const issue = repo.issue;
  return {
    repositoryId: repo.id,
    epic: { id: issue.id, number: issue.number, body: issue.body },
    subIssues: issue.subIssues.nodes.map((n) => ({
      id: n.id,
      number: n.number,
      title: n.title,
      body: n.body,
      byThisApp: n.viewerDidAuthor,
      blockedBy: n.blockedBy.nodes.map((b) => b.id),
    })),
    subIssueCount: issue.subIssues.totalCount,
    // The first 50 and the last 100 comments: the summary is found on long-running epics too.
    ownComments: [...new Map([...issue.early.nodes, ...issue.recent.nodes].map((c) => [c.id, c])).values()]
      .filter((c) => c.viewerDidAuthor)
      .map((c) => ({ id: c.id, body: c.body })),
    labels,
    users,
  };
}
