import { parseCommand } from "../commands.js";
import { askKey } from "../jobs/ask-job.js";
import { parseTaskMarker } from "../markers.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, epicKey, repoOf } from "./shared.js";

/**
 * `/flightdeck brief` in a task and `/flightdeck ask <role> <question>` in any issue or pull
 * request, in a new comment by a person: queued; the worker hears only users with write access.
 * A brief runs under its epic's key (read from the task's marker, verified by the worker), so it
 * never races the briefs posted at apply; answers of a thread run one at a time under its own key.
 */
export function onAgentCommand(app: EventSource, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (sender.type === "Bot" || (command?.name !== "brief" && command?.name !== "ask")) return;
    const repo = repoOf(context);
    if (command.name === "ask") {
      await enqueueJob(context, services, "agents.ask", askKey(repo, issue.number), {
        ...repo,
        issue: issue.number,
        sender: sender.login,
        commentId: comment.id,
        args: command.args,
      });
      return;
    }
    if (issue.pull_request || issue.state !== "open") return;
    const epic = parseTaskMarker(issue.body)?.epic ?? issue.number;
    await enqueueJob(context, services, "agents.brief", epicKey(repo, epic), {
      ...repo,
      epic,
      task: issue.number,
      sender: sender.login,
      commentId: comment.id,
    });
  });
}
