import type { Probot } from "probot";
import { isFromThisApp } from "../github/comments.js";
import type { Octokit } from "../github/octokit.js";
import { authorizeWriter } from "../github/permissions.js";
import { runApplyJob } from "../jobs/apply-job.js";
import { replanFromGitHub } from "../jobs/plan-job.js";
import { MARK } from "../markers.js";
import { type AppServices, configOrReport, epicKey, jobDeps, repoOf } from "./shared.js";

const TICKED = new RegExp(`^\\s*[-*] \\[[xX]\\] .*${MARK.confirm}`, "m");

/** True when the preview's confirmation checkbox is ticked in this comment body. */
export function isConfirmTicked(body: string | null | undefined): boolean {
  return TICKED.test(body ?? "");
}

/**
 * Ticking "Apply this plan" in the preview arrives as `issue_comment.edited` on Flightdeck's own
 * comment. Only the unticked → ticked change counts, only from a user with write access (the
 * sender is who ticked it); the plan applied is the signed one in that comment.
 */
export function onIssueCommentEdited(app: Probot, services: AppServices): void {
  app.on("issue_comment.edited", async (context) => {
    const { comment, issue, sender, changes } = context.payload;
    // Only Flightdeck's own preview carries a confirmation; a look-alike by anyone else is ignored.
    if (
      !comment.body.includes(MARK.confirm) ||
      !isFromThisApp(comment, services.appId) ||
      sender.type === "Bot"
    )
      return;
    if (!isConfirmTicked(comment.body) || isConfirmTicked(changes.body?.from)) return;
    const { owner, repo } = repoOf(context);
    const auth = await authorizeWriter(context.octokit as unknown as Octokit, owner, repo, sender.login);
    if (!auth.allowed) {
      context.log.info(
        `ignoring plan confirmation on #${issue.number} by ${sender.login} (permission: ${auth.permission})`,
      );
      return;
    }
    const config = await configOrReport(context, services, issue.number);
    if (!config) return;
    const deps = jobDeps(context, services);
    const job = { owner, repo, epic: issue.number, config };
    services.queue.enqueue(epicKey(context, issue.number), async () => {
      await runApplyJob(deps, {
        ...job,
        previewBody: comment.body,
        replan: () => replanFromGitHub(deps, job),
      });
    });
  });
}
