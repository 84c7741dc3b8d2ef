import { loadRepoConfig } from "../github/config.js";
import { runDeploymentRuleJob } from "./deployment-job.js";
import type { JobSpec } from "./job.js";

/** Queue key of one environment of one waiting workflow run. */
export function deploymentKey(
  repo: { owner: string; repo: string },
  runId: number,
  environment: string,
): string {
  return `${repo.owner}/${repo.repo}@run${runId}/${environment}`;
}

/** Answers one environment of one waiting run (see runDeploymentRuleJob). Waiting answers coalesce. */
export const deploymentRule: JobSpec<"deployment.rule"> = {
  async run({ deps }, d) {
    const { loaded, ...rest } = d;
    await runDeploymentRuleJob(deps, { ...rest, ...(loaded ? { loaded } : {}) });
  },
  // The first evaluation reports a pending state; a folded sweep must not lose that.
  merge: (waiting, next) => ({ ...next, reportPending: waiting.reportPending || next.reportPending }),
  coalesce: { id: (d) => String(d.reportPending) },
};

/**
 * New evidence — a Flightdeck check run completed, or an issue labelled as a readiness checklist
 * or a P0 bug was edited, closed, reopened or relabelled — re-evaluates every deployment still
 * waiting on a repository that has deployment policies: workflow runs with status `waiting`
 * (GET …/actions/runs?status=waiting) and their pending environments
 * (GET …/actions/runs/{id}/pending_deployments), one deployment.rule job each, answered from the
 * one config read here. Waiting sweeps of a repository coalesce into one.
 */
export const deploymentSweep: JobSpec<"deployment.sweep"> = {
  async run({ deps, enqueue, job }, d) {
    const repo = { owner: d.owner, repo: d.repo };
    const loaded = await loadRepoConfig(deps.octokit, d);
    if (!loaded.ok) return;
    const policies = Object.values(loaded.config.gates.deployments);
    if (!policies.length) return;
    if (d.labels) {
      // Only a readiness checklist or a P0 bug can change a deployment's verdict.
      const relevant = new Set([
        loaded.config.release.checklistLabel,
        ...policies.map((p) => p.p0Bugs.label),
      ]);
      if (!d.labels.some((l) => relevant.has(l))) return;
    }
    const { data } = await deps.octokit.rest.actions.listWorkflowRunsForRepo({
      ...repo,
      status: "waiting",
      per_page: 50,
    });
    for (const run of data.workflow_runs) {
      const { data: pending } = await deps.octokit.rest.actions.getPendingDeploymentsForRun({
        ...repo,
        run_id: run.id,
      });
      for (const env of pending) {
        const environment = env.environment.name;
        if (!environment) continue;
        await enqueue({
          kind: "deployment.rule",
          key: deploymentKey(repo, run.id, environment),
          installationId: job.installationId,
          deliveryId: job.deliveryId,
          data: {
            ...repo,
            defaultBranch: d.defaultBranch,
            environment,
            sha: run.head_sha,
            runId: run.id,
            waitingSince: run.created_at,
            reportPending: false,
            loaded,
          },
        });
      }
    }
  },
  // Any event's labels may be the relevant ones; a check-run event (no labels) is always relevant.
  merge(waiting, next) {
    const { labels, ...rest } = next;
    return waiting.labels && labels
      ? { ...rest, labels: [...new Set([...waiting.labels, ...labels])] }
      : rest;
  },
};
