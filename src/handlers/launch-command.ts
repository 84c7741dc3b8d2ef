import { parseCommand } from "../commands.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/**
 * `/flightdeck launch <version>` in a new comment on an open issue, by a person: queued; the
 * worker opens the readiness checklist for release managers (see launchCommand). Launches of a
 * repository share one key, so two of the same version never race to create two checklists.
 */
export function onLaunchCommand(app: EventSource, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (command?.name !== "launch" || sender.type === "Bot" || issue.state !== "open") return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "launch", `${repo.owner}/${repo.repo}@launch`, {
      ...repo,
      issue: issue.number,
      sender: sender.login,
      commentId: comment.id,
      args: command.args,
    });
  });
}
