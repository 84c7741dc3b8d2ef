import { isFromThisApp } from "../github/comments.js";
import { MARK } from "../markers.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, epicKey, repoOf } from "./shared.js";

const TICKED = new RegExp(`^\\s*[-*] \\[[xX]\\] .*${MARK.confirm}`, "m");

/** True when the preview's confirmation checkbox is ticked in this comment body. */
export function isConfirmTicked(body: string | null | undefined): boolean {
  return TICKED.test(body ?? "");
}

/**
 * Ticking "Apply this plan" in the preview arrives as `issue_comment.edited` on Flightdeck's own
 * comment. Only the unticked → ticked change on an open issue counts, only from a user with write
 * access (the sender is who ticked it; checked by the worker); the plan applied is the signed one
 * in that comment.
 */
export function onIssueCommentEdited(app: EventSource, services: AppServices): void {
  app.on("issue_comment.edited", async (context) => {
    const { comment, issue, sender, changes } = context.payload;
    // Only Flightdeck's own preview carries a confirmation; a look-alike by anyone else is ignored
    // (decided from the payload: the comment's author and performed_via_github_app).
    if (
      !comment.body.includes(MARK.confirm) ||
      !isFromThisApp(comment, services.appId) ||
      sender.type === "Bot"
    )
      return;
    if (!isConfirmTicked(comment.body) || isConfirmTicked(changes.body?.from)) return;
    if (issue.state !== "open") return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "epic.confirm", epicKey(repo, issue.number), {
      ...repo,
      epic: issue.number,
      sender: sender.login,
      previewBody: comment.body,
    });
  });
}
