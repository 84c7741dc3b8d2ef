import type { Probot } from "probot";
import { DEFAULT_CONFIG } from "../config/schema.js";
import type { Octokit } from "../github/octokit.js";
import { authorizeWriter } from "../github/permissions.js";
import { runPlanJob } from "../jobs/plan-job.js";
import { type AppServices, configOrReport, epicKey, jobDeps, repoOf } from "./shared.js";

/**
 * `issues.labeled` with the trigger label (default `epic`) by a user with write access:
 * queue the plan job, which posts the sticky plan preview. Anyone else causes no writes.
 */
export function onIssuesLabeled(app: Probot, services: AppServices): void {
  app.on("issues.labeled", async (context) => {
    const { issue, label, sender } = context.payload;
    if (!label || sender.type === "Bot") return;
    // With an invalid config the trigger label is unknown: only complain about the default one.
    const config = await configOrReport(
      context,
      services,
      issue.number,
      label.name === DEFAULT_CONFIG.trigger.label,
    );
    if (!config || label.name.toLowerCase() !== config.trigger.label.toLowerCase()) return;
    const { owner, repo } = repoOf(context);
    const auth = await authorizeWriter(context.octokit as unknown as Octokit, owner, repo, sender.login);
    if (!auth.allowed) {
      context.log.info(
        `ignoring ${label.name} label on #${issue.number} by ${sender.login} (permission: ${auth.permission})`,
      );
      return;
    }
    const deps = jobDeps(context, services);
    services.queue.enqueue(epicKey(context, issue.number), async () => {
      await runPlanJob(deps, { owner, repo, epic: issue.number, config, body: issue.body ?? "" });
    });
  });
}
