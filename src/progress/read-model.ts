/**
 * What GitHub holds for an epic and its tasks, as plain data: the input of Mission Control, the
 * handoffs and the standup. Filled by `readEpicTasks` (src/github/epic-tasks.ts, one GraphQL
 * request); times are ISO 8601 strings as GitHub sends them.
 */

/** One issue that blocks a task (GitHub's native "blocked by"), possibly outside the epic. */
export interface BlockerRead {
  /** GraphQL node id. */
  id: string;
  number: number;
  /** Untrusted: sanitize before writing it anywhere. */
  title: string;
  /** Whether it lives in the epic's repository (`#N`), else `repository#N`. */
  sameRepository: boolean;
  /** `owner/name` of its repository. */
  repository: string;
  state: "OPEN" | "CLOSED";
  closedAt: string | null;
  /** When it was last reopened, if its last close/reopen event is a reopen. */
  reopenedAt: string | null;
  /** What closed it, as Flightdeck writes it (`#34`, `owner/repo#34`, `commit abc1234`), when known. */
  closedBy?: string | undefined;
  closedAsNotPlanned: boolean;
}

/** One sub-issue of the epic. */
export interface TaskRead {
  id: string;
  number: number;
  /** Untrusted: sanitize before writing it anywhere. */
  title: string;
  /** Untrusted unless `byThisApp` (then it carries our task marker and facts line). */
  body: string;
  state: "OPEN" | "CLOSED";
  createdAt: string;
  closedAt: string | null;
  /** Whether this App created the issue (GraphQL `viewerDidAuthor`): only then is its marker read. */
  byThisApp: boolean;
  sameRepository: boolean;
  /** Logins GitHub has on record as assignees (the only people a handoff may @-mention). */
  assignees: string[];
  labels: string[];
  /** Every issue that blocks it (open and closed). */
  blockers: BlockerRead[];
  /** Open pull requests that will close it (`closedByPullRequestsReferences`). */
  openPulls: Array<{ number: number; draft: boolean; sameRepository: boolean; repository: string }>;
  /** Its blocked-by edges added and removed, oldest first (GitHub's timeline, last 30). */
  edgeEvents: Array<{
    kind: "added" | "removed";
    at: string;
    blockerId: string;
    /** For removals: the former blocker as Flightdeck writes it, and whether it is open now. */
    blockerRef?: string;
    blockerOpen?: boolean;
  }>;
  /** Bodies of this App's comments among the task's last comments (handoff markers). */
  ownComments: string[];
}

/** The epic and its sub-issues. */
export interface EpicRead {
  /** `owner/name`. */
  repository: string;
  /** The login of the token's user (`flightdeck[bot]` for the App), null when unknown. */
  viewer: string | null;
  epic: {
    id: string;
    number: number;
    /** Untrusted: sanitize before writing it anywhere. */
    title: string;
    body: string;
    open: boolean;
    createdAt: string;
    lastEditedAt: string | null;
    /** Who last edited the body, when GitHub says. */
    editor: string | null;
    /**
     * The epic's last 100 comments that the token's identity wrote (the App, a workflow's token,
     * the CLI's user), oldest first; read only when asked (`readEpicTasks(…, { epicComments })`).
     * `databaseId` is the REST comment id as a string (it can pass 2^31).
     */
    ownComments?: Array<{ databaseId: string | null; body: string; createdAt: string }>;
  };
  /** Sub-issues on GitHub, open and closed (GitHub allows 100). */
  subIssueCount: number;
  tasks: TaskRead[];
}
