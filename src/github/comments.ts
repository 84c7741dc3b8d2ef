import { replyMarker } from "../markers.js";
import type { Octokit } from "./octokit.js";

export interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

/** A comment or issue as GitHub's REST API and webhooks show it (fields Flightdeck reads). */
export interface ListedComment {
  id: number;
  body?: string;
  user: { login: string; type: string } | null;
  /** The GitHub App the comment was written through (null for people and OAuth apps). */
  performed_via_github_app?: { id: number; slug?: string } | null;
}

/**
 * True when this App wrote the comment (or issue): its author is a bot account and GitHub says it
 * was written through this App (`performed_via_github_app.id`, set by GitHub on objects created
 * with an App's token). Both are needed: `user.type === "Bot"` alone also matches every other
 * App and `github-actions[bot]` (which anyone who can push a workflow can drive), and
 * `performed_via_github_app` alone also matches a person acting through the App's user token.
 * The id is used rather than the `<slug>[bot]` login because the id is what Flightdeck is
 * configured with (APP_ID) and never changes, while a slug can be renamed.
 */
export function isFromThisApp(
  object:
    | { user?: { type?: string } | null; performed_via_github_app?: { id?: number } | null }
    | null
    | undefined,
  appId: number,
): boolean {
  return object?.user?.type === "Bot" && object.performed_via_github_app?.id === appId;
}

/**
 * Finds the first comment written by this App that contains `marker`
 * (GET /repos/{o}/{r}/issues/{n}/comments, paginated, oldest first) — or the newest one with
 * `which: "last"`, for a marker prefix that several sticky comments share. Comments by anyone
 * else — people, other Apps, workflows — are never read for markers, however they are worded.
 */
export async function findMarkedComment(
  octokit: Octokit,
  issue: IssueRef,
  marker: string,
  appId: number,
  which: "first" | "last" = "first",
): Promise<ListedComment | undefined> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...issue,
    per_page: 100,
  })) as ListedComment[];
  const marked = (c: ListedComment) => isFromThisApp(c, appId) && (c.body ?? "").includes(marker);
  return which === "last" ? comments.findLast(marked) : comments.find(marked);
}

/**
 * The bodies of every comment this App wrote on an issue (GET /repos/{o}/{r}/issues/{n}/comments,
 * paginated), e.g. to read a plan sealed over several comments. Nobody else's comments are read.
 */
export async function appCommentBodies(octokit: Octokit, issue: IssueRef, appId: number): Promise<string[]> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...issue,
    per_page: 100,
  })) as ListedComment[];
  return comments.filter((c) => isFromThisApp(c, appId)).map((c) => c.body ?? "");
}

/**
 * Keeps one "sticky" comment per marker: updates it when its text changed, creates it when
 * missing, and writes nothing when it is already up to date.
 * @returns what happened, for logs and tests
 */
export async function upsertMarkedComment(
  octokit: Octokit,
  issue: IssueRef,
  marker: string,
  body: string,
  appId: number,
): Promise<"created" | "updated" | "unchanged"> {
  const existing = await findMarkedComment(octokit, issue, marker, appId);
  if (existing && (existing.body ?? "").trim() === body.trim()) return "unchanged";
  if (existing) {
    await octokit.rest.issues.updateComment({
      owner: issue.owner,
      repo: issue.repo,
      comment_id: existing.id,
      body,
    });
    return "updated";
  }
  await octokit.rest.issues.createComment({ ...issue, body });
  return "created";
}

/** What caused a reply: this App's id (whose comments are searched) and the event, see replyMarker. */
export interface ReplyCause {
  appId: number;
  /** `comment-<id>` for a command comment, else `delivery-<X-GitHub-Delivery>` (see replyCause). */
  cause: string;
}

/** The cause of a job's reply: its command comment when it has one, else its delivery. */
export function replyCause(appId: number, job: { deliveryId: string }, commentId?: number): ReplyCause {
  return { appId, cause: commentId ? `comment-${commentId}` : `delivery-${job.deliveryId}` };
}

/**
 * Posts a plain reply once per cause, however often its job runs (a retry after a lost answer,
 * a worker killed mid-job): the reply ends with a hidden replyMarker naming the cause, and this
 * App's comments on the issue are read first (GET …/issues/{n}/comments, paginated); when one
 * already carries the marker nothing is posted. Read and post happen inside the job's key, so two
 * workers never race on one cause (POST /repos/{o}/{r}/issues/{n}/comments).
 * @returns "created", or "exists" when an earlier run already posted it
 */
export async function postComment(
  octokit: Octokit,
  issue: IssueRef,
  body: string,
  reply: ReplyCause,
): Promise<"created" | "exists"> {
  const marker = replyMarker(reply.cause);
  if (await findMarkedComment(octokit, issue, marker, reply.appId)) return "exists";
  await octokit.rest.issues.createComment({ ...issue, body: `${body}\n\n${marker}` });
  return "created";
}

/** Acknowledges a command with a 👀 reaction; best effort (a failure is not the user's problem). */
export async function acknowledge(octokit: Octokit, issue: IssueRef, commentId: number): Promise<void> {
  try {
    await octokit.rest.reactions.createForIssueComment({
      owner: issue.owner,
      repo: issue.repo,
      comment_id: commentId,
      content: "eyes",
    });
  } catch {
    // The reaction is a courtesy; the command's own reply says what happened.
  }
}
