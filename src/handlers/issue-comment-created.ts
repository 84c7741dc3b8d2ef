import { NON_EPIC_COMMANDS, parseCommand } from "../commands.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, epicKey, repoOf } from "./shared.js";

/**
 * `/flightdeck plan|apply|help` in a new comment on an open issue, by a person: queued; the worker
 * hears only users with write access (asked through the API, fail closed). Edited comments
 * never run commands.
 */
export function onIssueCommentCreated(app: EventSource, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (!command || sender.type === "Bot" || issue.pull_request || NON_EPIC_COMMANDS.has(command.name))
      return;
    if (issue.state !== "open") return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "epic.command", epicKey(repo, issue.number), {
      ...repo,
      epic: issue.number,
      title: issue.title,
      body: issue.body ?? "",
      labels: (issue.labels ?? []).map((l) => l.name),
      sender: sender.login,
      commentId: comment.id,
      command: command.name,
    });
  });
}
