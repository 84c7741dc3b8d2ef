import { deploymentKey } from "../jobs/deployment-sweep-job.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/** The run id in `deployment_callback_url` (…/actions/runs/{run_id}/deployment_protection_rule). */
export function runIdFromCallback(url: string | undefined): number | undefined {
  const m = /\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(url ?? "");
  return m ? Number(m[1]) : undefined;
}

/** The fields of a `deployment_protection_rule.requested` payload the rule reads; most are optional. */
interface RulePayload {
  environment?: string;
  deployment_callback_url?: string;
  /** Absent when the environment is used without a deployment object. */
  deployment?: { sha?: string; ref?: string; creator?: { login?: string } | null } | null;
  /** Top level when there is no deployment object (GitHub's docs; not in every schema version). */
  sha?: string;
  ref?: string;
  sender?: { login?: string };
}

/**
 * `deployment_protection_rule.requested`: GitHub asks Flightdeck whether a workflow run may
 * deploy to an environment. Queued and always answered (approve, reject, or a status report while
 * evidence is pending; see runDeploymentRuleJob), whatever the payload holds:
 * - no `deployment` object: the commit is the top-level `sha`, else the run's `head_sha`;
 * - no `environment`: every environment the run waits on whose rule is this App's is answered
 *   (the `deployment.run` job);
 * - no `deployment_callback_url`: nothing can be answered (GitHub names no run) — logged as an
 *   error with the delivery, never dropped silently.
 */
export function onDeploymentProtectionRule(app: EventSource, services: AppServices): void {
  app.on("deployment_protection_rule.requested", async (context) => {
    const p = context.payload as unknown as RulePayload;
    const runId = runIdFromCallback(p.deployment_callback_url);
    const repo = repoOf(context);
    if (!runId) {
      context.log.error(
        `deployment_protection_rule for ${repo.owner}/${repo.repo} without a deployment_callback_url (${String(p.deployment_callback_url)}): GitHub names no run to answer`,
      );
      return;
    }
    const sha = p.deployment?.sha ?? p.sha;
    const ref = p.deployment?.ref ?? p.ref;
    // Who started it: the deployment's creator, else the delivery's sender (the run's actor);
    // a bot creator (github-actions[bot]) is no person: the job then asks the run.
    const human = (login: string | undefined) => (login && !login.endsWith("[bot]") ? login : undefined);
    const initiator = human(p.deployment?.creator?.login) ?? human(p.sender?.login);
    const data = {
      ...repo,
      ...(sha ? { sha } : {}),
      ...(ref ? { ref } : {}),
      ...(initiator ? { initiator } : {}),
      runId,
      reportPending: true,
    };
    if (!p.environment) {
      await enqueueJob(context, services, "deployment.run", `${repo.owner}/${repo.repo}@run${runId}`, data);
      return;
    }
    await enqueueJob(context, services, "deployment.rule", deploymentKey(repo, runId, p.environment), {
      ...data,
      environment: p.environment,
    });
  });
}
