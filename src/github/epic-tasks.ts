import type { EpicRead, TaskRead } from "../progress/read-model.js";
import type { EpicRef } from "./epic-state.js";
import type { Octokit } from "./octokit.js";

/** How many of a task's last comments are read to find Flightdeck's own handoff markers. */
export const TASK_COMMENTS_READ = 50;

/**
 * The one query behind Mission Control, the handoffs and the standup: the epic (body, who edited
 * it last), and per sub-issue (≤ 100) its state and close time, assignees (≤ 10), labels (≤ 20),
 * blockers (≤ 50, each with state and its last close/reopen with the closer), open linked pull
 * requests (≤ 10), its blocked-by added/removed events (last 30) and its last comments (to find
 * our handoff markers). Every connection is bounded; GitHub's node limit is far away (≈ 17 k).
 * Follows GitHub's GraphQL schema (`Issue.subIssues`, `Issue.blockedBy`,
 * `Issue.closedByPullRequestsReferences`, `Issue.timelineItems`, `Query.viewer`).
 */
export const EPIC_TASKS_QUERY = `query EpicTasks($owner: String!, $name: String!, $number: Int!, $epicComments: Boolean = false) {
  viewer { login }
  repository(owner: $owner, name: $name) {
    nameWithOwner
    issue(number: $number) {
      id
      number
      title
      body
      state
      createdAt
      lastEditedAt
      editor { login }
      # The standup's own digests (fullDatabaseId: comment ids on github.com pass 2^31).
      comments(last: 100) @include(if: $epicComments) {
        nodes { fullDatabaseId body createdAt viewerDidAuthor }
      }
      subIssues(first: 100) {
        totalCount
        nodes {
          id
          number
          title
          body
          state
          stateReason
          createdAt
          closedAt
          viewerDidAuthor
          repository { nameWithOwner }
          assignees(first: 10) { nodes { login } }
          labels(first: 20) { nodes { name } }
          blockedBy(first: 50) {
            nodes {
              id
              number
              title
              state
              closedAt
              repository { nameWithOwner }
              timelineItems(last: 1, itemTypes: [CLOSED_EVENT, REOPENED_EVENT]) {
                nodes {
                  __typename
                  ... on ClosedEvent {
                    createdAt
                    stateReason
                    closer {
                      __typename
                      ... on PullRequest { number repository { nameWithOwner } }
                      ... on Commit { abbreviatedOid }
                    }
                  }
                  ... on ReopenedEvent { createdAt }
                }
              }
            }
          }
          closedByPullRequestsReferences(first: 10) {
            nodes { number state isDraft repository { nameWithOwner } }
          }
          timelineItems(last: 30, itemTypes: [BLOCKED_BY_ADDED_EVENT, BLOCKED_BY_REMOVED_EVENT]) {
            nodes {
              __typename
              ... on BlockedByAddedEvent { createdAt blockingIssue { id } }
              ... on BlockedByRemovedEvent {
                createdAt
                blockingIssue { id number state repository { nameWithOwner } }
              }
            }
          }
          comments(last: ${TASK_COMMENTS_READ}) { nodes { body viewerDidAuthor } }
        }
      }
    }
  }
}`;

type Nodes<T> = { nodes: Array<T | null> | null };
type Closer =
  | { __typename: "PullRequest"; number: number; repository: { nameWithOwner: string } }
  | { __typename: "Commit"; abbreviatedOid: string }
  | { __typename: string };
type CloseEvent =
  | {
      __typename: "ClosedEvent";
      createdAt: string;
      stateReason: string | null;
      closer: Closer | null;
    }
  | { __typename: "ReopenedEvent"; createdAt: string };
type EdgeEvent =
  | { __typename: "BlockedByAddedEvent"; createdAt: string; blockingIssue: { id: string } | null }
  | {
      __typename: "BlockedByRemovedEvent";
      createdAt: string;
      blockingIssue: {
        id: string;
        number: number;
        state: string;
        repository: { nameWithOwner: string };
      } | null;
    };

interface RawTask {
  id: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  stateReason: string | null;
  createdAt: string;
  closedAt: string | null;
  viewerDidAuthor: boolean;
  repository: { nameWithOwner: string };
  assignees: Nodes<{ login: string }>;
  labels: Nodes<{ name: string }> | null;
  blockedBy: Nodes<{
    id: string;
    number: number;
    title: string;
    state: "OPEN" | "CLOSED";
    closedAt: string | null;
    repository: { nameWithOwner: string };
    timelineItems: Nodes<CloseEvent>;
  }>;
  closedByPullRequestsReferences: Nodes<{
    number: number;
    state: string;
    isDraft: boolean;
    repository: { nameWithOwner: string };
  }> | null;
  timelineItems: Nodes<EdgeEvent>;
  comments: Nodes<{ body: string; viewerDidAuthor: boolean }>;
}

interface Response {
  viewer: { login: string } | null;
  repository: {
    nameWithOwner: string;
    issue: {
      id: string;
      number: number;
      title: string;
      body: string;
      state: string;
      createdAt: string;
      lastEditedAt: string | null;
      editor: { login: string } | null;
      comments?: Nodes<{
        fullDatabaseId: string | null;
        body: string;
        createdAt: string;
        viewerDidAuthor: boolean;
      }>;
      subIssues: { totalCount: number; nodes: Array<RawTask | null> | null };
    } | null;
  } | null;
}

const list = <T>(c: Nodes<T> | null | undefined): T[] => (c?.nodes ?? []).filter((n): n is T => n !== null);

/**
 * Reads an epic and its sub-issues for Mission Control in one GraphQL request
 * (`EPIC_TASKS_QUERY`) and maps the answer to the plain read model of `src/progress/read-model.ts`
 * (no GraphQL shapes leak into the core). Our handoff markers are kept only from comments this
 * App wrote (`viewerDidAuthor` with the App's token).
 *
 * @param options.epicComments also read the epic's last 100 comments and keep the ones the
 *   token's identity wrote (the standup's digests); Mission Control leaves them unread
 *
 * @throws Error when the repository or the issue cannot be read (the job fails and is retried
 *   for transient errors)
 */
export async function readEpicTasks(
  octokit: Octokit,
  ref: EpicRef,
  options: { epicComments?: boolean } = {},
): Promise<EpicRead> {
  const data = await octokit.graphql<Response>(EPIC_TASKS_QUERY, {
    owner: ref.owner,
    name: ref.repo,
    number: ref.epic,
    epicComments: Boolean(options.epicComments),
  });
  const repo = data.repository;
  const issue = repo?.issue;
  if (!repo || !issue) throw new Error(`Issue #${ref.epic} was not found in ${ref.owner}/${ref.repo}.`);
  const here = repo.nameWithOwner.toLowerCase();
  const tasks = list(issue.subIssues).map((t): TaskRead => {
    const blockers = list(t.blockedBy).map((b) => {
      const last = list(b.timelineItems).at(-1);
      const closer =
        last?.__typename === "ClosedEvent" ? (last as Extract<CloseEvent, { closer: unknown }>) : undefined;
      return {
        id: b.id,
        number: b.number,
        title: b.title,
        sameRepository: b.repository.nameWithOwner.toLowerCase() === here,
        repository: b.repository.nameWithOwner,
        state: b.state,
        closedAt: b.closedAt,
        reopenedAt: last?.__typename === "ReopenedEvent" ? last.createdAt : null,
        closedBy: closer ? closerOf(closer.closer, here) : undefined,
        closedAsNotPlanned: closer?.stateReason === "NOT_PLANNED",
      };
    });
    return {
      id: t.id,
      number: t.number,
      title: t.title,
      body: t.body,
      state: t.state,
      createdAt: t.createdAt,
      closedAt: t.closedAt,
      byThisApp: t.viewerDidAuthor,
      sameRepository: t.repository.nameWithOwner.toLowerCase() === here,
      assignees: list(t.assignees).map((a) => a.login),
      labels: list(t.labels).map((l) => l.name),
      blockers,
      openPulls: list(t.closedByPullRequestsReferences)
        .filter((p) => p.state === "OPEN")
        .map((p) => ({
          number: p.number,
          draft: p.isDraft,
          sameRepository: p.repository.nameWithOwner.toLowerCase() === here,
          repository: p.repository.nameWithOwner,
        })),
      edgeEvents: list(t.timelineItems).flatMap((e): TaskRead["edgeEvents"] => {
        if (!e.blockingIssue) return [];
        if (e.__typename === "BlockedByAddedEvent")
          return [{ kind: "added", at: e.createdAt, blockerId: e.blockingIssue.id }];
        const b = (e as Extract<EdgeEvent, { __typename: "BlockedByRemovedEvent" }>).blockingIssue;
        if (!b) return [];
        const same = b.repository.nameWithOwner.toLowerCase() === here;
        return [
          {
            kind: "removed",
            at: e.createdAt,
            blockerId: b.id,
            blockerRef: same ? `#${b.number}` : `${b.repository.nameWithOwner}#${b.number}`,
            blockerOpen: b.state === "OPEN",
          },
        ];
      }),
      ownComments: list(t.comments)
        .filter((c) => c.viewerDidAuthor)
        .map((c) => c.body),
    };
  });
  return {
    repository: repo.nameWithOwner,
    viewer: data.viewer?.login ?? null,
    epic: {
      id: issue.id,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      open: issue.state === "OPEN",
      createdAt: issue.createdAt,
      lastEditedAt: issue.lastEditedAt,
      editor: issue.editor?.login ?? null,
      ...(issue.comments
        ? {
            ownComments: list(issue.comments)
              .filter((c) => c.viewerDidAuthor)
              .map((c) => ({ databaseId: c.fullDatabaseId, body: c.body, createdAt: c.createdAt })),
          }
        : {}),
    },
    subIssueCount: issue.subIssues.totalCount,
    tasks,
  };
}

function closerOf(closer: Closer | null, here: string): string | undefined {
  if (closer?.__typename === "PullRequest" && "number" in closer) {
    const same = closer.repository.nameWithOwner.toLowerCase() === here;
    return same ? `#${closer.number}` : `${closer.repository.nameWithOwner}#${closer.number}`;
  }
  if (closer?.__typename === "Commit" && "abbreviatedOid" in closer) return `commit ${closer.abbreviatedOid}`;
  return undefined;
}
