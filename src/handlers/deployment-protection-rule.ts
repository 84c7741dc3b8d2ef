import type { Probot } from "probot";
import { deploymentKey } from "../jobs/deployment-sweep-job.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/** The run id in `deployment_callback_url` (…/actions/runs/{run_id}/deployment_protection_rule). */
export function runIdFromCallback(url: string | undefined): number | undefined {
  const m = /\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(url ?? "");
  return m ? Number(m[1]) : undefined;
}

/**
 * `deployment_protection_rule.requested`: GitHub asks Flightdeck whether a workflow run may
 * deploy to an environment. The evaluation is queued and always answered (approve, reject, or a
 * status report while evidence is pending); see runDeploymentRuleJob.
 */
export function onDeploymentProtectionRule(app: Probot, services: AppServices): void {
  app.on("deployment_protection_rule.requested", async (context) => {
    const p = context.payload;
    const runId = runIdFromCallback(p.deployment_callback_url);
    const sha = p.deployment?.sha;
    if (!runId || !sha || !p.environment) {
      context.log.warn(
        `deployment_protection_rule without a run, commit or environment: ${p.deployment_callback_url}`,
      );
      return;
    }
    const repo = repoOf(context);
    await enqueueJob(context, services, "deployment.rule", deploymentKey(repo, runId, p.environment), {
      ...repo,
      environment: p.environment,
      sha,
      runId,
      reportPending: true,
    });
  });
}
