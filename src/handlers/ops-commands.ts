import { parseCommand } from "../commands.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, epicKey, repoOf } from "./shared.js";

/**
 * `/flightdeck doctor` (any open issue or pull request) and `/flightdeck standup` (an open issue)
 * in a new comment by a person: queued; the worker authorizes (write access, fail closed).
 * Doctor runs share one key per repository; a standup runs under its epic's key.
 */
export function onOpsCommands(app: EventSource, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (!command || sender.type === "Bot" || issue.state !== "open") return;
    const repo = repoOf(context);
    const base = { ...repo, sender: sender.login, commentId: comment.id, args: command.args };
    if (command.name === "doctor")
      await enqueueJob(context, services, "doctor", `${repo.owner}/${repo.repo}@doctor`, {
        ...base,
        issue: issue.number,
      });
    else if (command.name === "standup" && !issue.pull_request)
      await enqueueJob(context, services, "standup", epicKey(repo, issue.number), {
        ...base,
        epic: issue.number,
      });
  });
}
