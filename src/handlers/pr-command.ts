import type { Probot } from "probot";
import { parseCommand } from "../commands.js";
import { gateCommand } from "../gates/state.js";
import { pullKey } from "../jobs/gate-triggers.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/**
 * `/flightdeck go`, `/flightdeck no-go <reason>`, `/flightdeck withdraw` in a new comment on an
 * open pull request, by a person: queued; the worker hears only users with write access (anyone
 * else causes no writes), records the command and re-evaluates the gate. Edited comments are
 * never read (only `issue_comment.created`).
 */
export function onPullRequestCommand(app: Probot, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    if (!issue.pull_request || sender.type === "Bot" || issue.state !== "open") return;
    const parsed = parseCommand(comment.body);
    const command = parsed && gateCommand(parsed.name, parsed.args);
    if (!command) return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "gate.command", pullKey(repo, issue.number), {
      gate: {
        ...repo,
        pull: issue.number,
        command: { user: sender.login, at: comment.created_at, ...command },
      },
      sender: sender.login,
      commentId: comment.id,
    });
  });
}
