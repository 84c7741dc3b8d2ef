import { parseCommand } from "../commands.js";
import { parseTaskMarker } from "../markers.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/** Queue key of a repository's launch reports: they run one at a time, release issue and epics alike. */
const reportKey = (repo: { owner: string; repo: string }) => `${repo.owner}/${repo.repo}@launch-report`;

/**
 * Launch reports and retrospectives:
 * - `deployment_status.created` with state `success` (the Deploy Action's, or any): the worker
 *   posts the report when the environment is `release.report.environment` and an open release
 *   matches;
 * - `issues.closed` on an issue: the worker reports on it when it is an epic;
 * - `milestone.closed`: the worker reports on the release of the version it is titled with;
 * - `/flightdeck report` and `/flightdeck retro apply` in a new comment on an open issue, by a
 *   person (authorized in the worker).
 */
export function onLaunchReport(app: EventSource, services: AppServices): void {
  app.on("deployment_status.created", async (context) => {
    const { deployment, deployment_status: status } = context.payload;
    if (status.state !== "success") return;
    const repo = repoOf(context);
    const run = (context.payload as { workflow_run?: { head_branch?: string | null } | null }).workflow_run;
    await enqueueJob(context, services, "launch.report", reportKey(repo), {
      ...repo,
      trigger: "deployment",
      sha: deployment.sha,
      environment: deployment.environment,
      refs: [deployment.ref, run?.head_branch ?? ""].filter(Boolean),
    });
  });

  app.on("issues.closed", async (context) => {
    const { issue } = context.payload;
    // Flightdeck's own tasks are never epics: skip them without a config read (a forged marker
    // only suppresses that issue's own report).
    if ((issue as { pull_request?: unknown }).pull_request || parseTaskMarker(issue.body)) return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "launch.report", reportKey(repo), {
      ...repo,
      trigger: "epic-closed",
      epic: issue.number,
      labels: (issue.labels ?? []).map((l) => l.name),
    });
  });

  app.on("milestone.closed", async (context) => {
    const { milestone } = context.payload;
    const repo = repoOf(context);
    await enqueueJob(context, services, "launch.report", reportKey(repo), {
      ...repo,
      trigger: "milestone-closed",
      milestone: milestone.number,
      title: milestone.title,
    });
  });

  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (sender.type === "Bot" || issue.state !== "open" || issue.pull_request) return;
    const repo = repoOf(context);
    if (command?.name === "report") {
      await enqueueJob(context, services, "launch.report", reportKey(repo), {
        ...repo,
        trigger: "command",
        issue: issue.number,
        labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : l.name)),
        sender: sender.login,
        commentId: comment.id,
      });
    } else if (command?.name === "retro" && /^apply\b/i.test(command.args)) {
      await enqueueJob(context, services, "retro.apply", `${repo.owner}/${repo.repo}#${issue.number}`, {
        ...repo,
        issue: issue.number,
        sender: sender.login,
        commentId: comment.id,
      });
    }
  });
}
