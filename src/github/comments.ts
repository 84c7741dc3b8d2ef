import type { Octokit } from "./octokit.js";

export interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

/** A comment as GitHub's REST API lists it (fields Flightdeck reads). */
export interface ListedComment {
  id: number;
  body?: string;
  user: { login: string; type: string } | null;
}

/** Finds the first comment by a bot that contains `marker` (GET /repos/{o}/{r}/issues/{n}/comments, paginated). */
export async function findMarkedComment(
  octokit: Octokit,
  issue: IssueRef,
  marker: string,
): Promise<ListedComment | undefined> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...issue,
    per_page: 100,
  })) as ListedComment[];
  return comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(marker));
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
): Promise<"created" | "updated" | "unchanged"> {
  const existing = await findMarkedComment(octokit, issue, marker);
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

/** Posts a plain comment (POST /repos/{o}/{r}/issues/{n}/comments). */
export async function postComment(octokit: Octokit, issue: IssueRef, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ ...issue, body });
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
