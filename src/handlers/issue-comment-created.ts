import type { Probot } from "probot";
import { helpText, NON_EPIC_COMMANDS, parseCommand } from "../commands.js";
import { acknowledge, postComment } from "../github/comments.js";
import type { Octokit } from "../github/octokit.js";
import { authorizeWriter } from "../github/permissions.js";
import { runApplyJob } from "../jobs/apply-job.js";
import { replanFromGitHub, runPlanJob } from "../jobs/plan-job.js";
import { type AppServices, configOrReport, epicKey, jobDeps, repoOf } from "./shared.js";

/**
 * `/flightdeck plan|apply|help` in a new comment on an epic. Only users with write access are
 * heard (asked through the API, fail closed); edited comments never run commands.
 */
export function onIssueCommentCreated(app: Probot, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (!command || sender.type === "Bot" || issue.pull_request || NON_EPIC_COMMANDS.has(command.name))
      return;
    const { owner, repo } = repoOf(context);
    const octokit = context.octokit as unknown as Octokit;
    const auth = await authorizeWriter(octokit, owner, repo, sender.login);
    if (!auth.allowed) {
      context.log.info(
        `ignoring /flightdeck ${command.name} on #${issue.number} by ${sender.login} (permission: ${auth.permission})`,
      );
      return;
    }
    const config = await configOrReport(context, services, issue.number);
    if (!config) return;
    const ref = { owner, repo, issue_number: issue.number };
    if (!issue.labels?.some((l) => l.name.toLowerCase() === config.trigger.label.toLowerCase())) {
      await postComment(
        octokit,
        ref,
        `This issue is not an epic yet: add the \`${config.trigger.label}\` label to plan it.`,
      );
      return;
    }
    await acknowledge(octokit, ref, comment.id);
    const deps = jobDeps(context, services);
    const job = { owner, repo, epic: issue.number, config };
    const replan = async () => {
      await runPlanJob(deps, { ...job, body: issue.body ?? "" });
    };
    if (command.name === "plan") services.queue.enqueue(epicKey(context, issue.number), replan);
    else if (command.name === "apply") {
      services.queue.enqueue(epicKey(context, issue.number), async () => {
        await runApplyJob(deps, { ...job, replan: () => replanFromGitHub(deps, job) });
      });
    } else {
      const prefix = command.name === "help" ? "" : `Unknown command \`/flightdeck ${command.name}\`.\n\n`;
      await postComment(octokit, ref, `${prefix}${helpText()}`);
    }
  });
}
