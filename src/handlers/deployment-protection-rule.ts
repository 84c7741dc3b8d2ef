import type { Probot } from "probot";
import { runDeploymentRuleJob } from "../jobs/deployment-job.js";
import { ruleIsThisApps } from "../jobs/deployment-sweep.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

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
 * deploy to an environment. Always answered (approve, reject, or a status report while evidence
 * is pending; see runDeploymentRuleJob), whatever the payload holds:
 * - no `deployment` object: the commit is the top-level `sha`, else the run's `head_sha`;
 * - no `environment`: every environment the run waits on whose rule is this App's is answered;
 * - no `deployment_callback_url`: nothing can be answered (GitHub names no run) — logged as an
 *   error with the delivery, never dropped silently.
 */
export function onDeploymentProtectionRule(app: Probot, services: AppServices): void {
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
    const deps = jobDeps(context, services);
    const sha = p.deployment?.sha ?? p.sha;
    const ref = p.deployment?.ref ?? p.ref;
    // Who started it: the deployment's creator, else the delivery's sender (the run's actor).
    const initiator = p.deployment?.creator?.login ?? p.sender?.login;
    const answer = (environment: string) =>
      services.queue.enqueue(`${repo.owner}/${repo.repo}@run${runId}/${environment}`, async () => {
        await runDeploymentRuleJob(deps, {
          ...repo,
          environment,
          ...(sha ? { sha } : {}),
          ...(ref ? { ref } : {}),
          ...(initiator ? { initiator } : {}),
          runId,
          reportPending: true,
        });
      });
    if (p.environment) {
      answer(p.environment);
      return;
    }
    // No environment named: answer each one the run waits on whose rule is this App's.
    services.queue.enqueue(`${repo.owner}/${repo.repo}@run${runId}`, async () => {
      const { data: pending } = await deps.octokit.rest.actions.getPendingDeploymentsForRun({
        owner: repo.owner,
        repo: repo.repo,
        run_id: runId,
      });
      let answered = 0;
      for (const env of pending) {
        const name = env.environment.name;
        if (!name || !(await ruleIsThisApps(deps.octokit, repo, name, services.appId))) continue;
        answer(name);
        answered++;
      }
      if (!answered)
        deps.log.error(
          `deployment_protection_rule for run ${runId} names no environment, and none waits on Flightdeck`,
        );
    });
  });
}
