import type { Probot } from "probot";
import { commandOf } from "../gates/commands.js";
import { acknowledge } from "../github/comments.js";
import type { Octokit } from "../github/octokit.js";
import { authorizeWriter } from "../github/permissions.js";
import { runGateJob } from "../jobs/gate-job.js";
import { pullKey } from "./pull-request.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

/**
 * `/flightdeck go`, `/flightdeck no-go <reason>`, `/flightdeck withdraw` in a new comment on a
 * pull request, from a user with write access (asked through the API; anyone else causes no
 * writes) trigger a re-evaluation of the gate, which reads every command from the pull request's
 * comments itself (nothing is taken from this payload). Editing or deleting such a comment
 * re-evaluates too: edited and deleted comments never count.
 */
export function onPullRequestCommand(app: Probot, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    if (!issue.pull_request || sender.type === "Bot" || issue.state !== "open") return;
    const command = commandOf(comment.body ?? "");
    if (!command) return;
    const { owner, repo } = repoOf(context);
    const octokit = context.octokit as unknown as Octokit;
    const auth = await authorizeWriter(octokit, owner, repo, sender.login);
    if (!auth.allowed) {
      context.log.info(
        `ignoring /flightdeck ${command.command} on #${issue.number} by ${sender.login} (permission: ${auth.permission})`,
      );
      return;
    }
    await acknowledge(octokit, { owner, repo, issue_number: issue.number }, comment.id);
    const deps = jobDeps(context, services);
    services.queue.enqueue(pullKey(repoOf(context), issue.number), async () => {
      await runGateJob(deps, { ...repoOf(context), pull: issue.number });
    });
  });

  // An edited or deleted command no longer counts: re-evaluate so its go or no-go drops out.
  // Only comments that could have counted (a command by a user with write access) trigger it.
  app.on(["issue_comment.edited", "issue_comment.deleted"], async (context) => {
    const { comment, issue } = context.payload;
    if (!issue.pull_request || issue.state !== "open" || comment.user?.type === "Bot") return;
    const before = context.payload.action === "edited" ? context.payload.changes.body?.from : comment.body;
    if (!commandOf(before ?? "")) return;
    const { owner, repo } = repoOf(context);
    const octokit = context.octokit as unknown as Octokit;
    if (!(await authorizeWriter(octokit, owner, repo, comment.user?.login ?? "")).allowed) return;
    const deps = jobDeps(context, services);
    services.queue.enqueue(pullKey(repoOf(context), issue.number), async () => {
      await runGateJob(deps, { ...repoOf(context), pull: issue.number });
    });
  });
}
