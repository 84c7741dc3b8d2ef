import { commandOf } from "../gates/commands.js";
import { pullKey } from "../jobs/gate-triggers.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/**
 * `/flightdeck go`, `/flightdeck no-go <reason>`, `/flightdeck withdraw` in a new comment on an
 * open pull request, by a person: queued; the worker acknowledges it when the sender has write
 * access and re-evaluates the gate, which reads every command from the pull request's comments
 * itself (nothing is taken from this payload). Editing or deleting a command comment
 * re-evaluates too: edited and deleted comments never count.
 */
export function onPullRequestCommand(app: EventSource, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    if (!issue.pull_request || sender.type === "Bot" || issue.state !== "open") return;
    if (!commandOf(comment.body ?? "")) return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "gate.command", pullKey(repo, issue.number), {
      gate: { ...repo, pull: issue.number },
      sender: sender.login,
      commentId: comment.id,
    });
  });

  // An edited or deleted command no longer counts: re-evaluate so its go or no-go drops out.
  app.on(["issue_comment.edited", "issue_comment.deleted"], async (context) => {
    const { comment, issue } = context.payload;
    if (!issue.pull_request || issue.state !== "open" || comment.user?.type === "Bot") return;
    const before = context.payload.action === "edited" ? context.payload.changes.body?.from : comment.body;
    if (!commandOf(before ?? "")) return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "gate", pullKey(repo, issue.number), { ...repo, pull: issue.number });
  });
}
