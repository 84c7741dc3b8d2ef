import { loadRepoConfig } from "../github/config.js";
import { runDeploymentRuleJob } from "./deployment-job.js";
import { answerWaitingRun, sweepInstallation, sweepWaitingDeployments } from "./deployment-sweep.js";
import type { JobSpec } from "./job.js";
import { runMergeGroupJob } from "./merge-group-job.js";

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
 * or a P0 bug was edited, closed, reopened or relabelled — or a protection-rule request that names
 * no environment: re-evaluates every deployment still waiting on a repository that has deployment
 * policies, answering only environments whose rule is this App's (sweepWaitingDeployments), from
 * the one config read here. Waiting sweeps of a repository coalesce into one.
 */
export const deploymentSweep: JobSpec<"deployment.sweep"> = {
  window: true,
  async run({ deps }, d) {
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
    await sweepWaitingDeployments(deps, d, loaded);
  },
  // Any event's labels may be the relevant ones; a check-run event (no labels) is always relevant.
  merge(waiting, next) {
    const { labels, ...rest } = next;
    return waiting.labels && labels
      ? { ...rest, labels: [...new Set([...waiting.labels, ...labels])] }
      : rest;
  },
  // A first-wins store (Redis) cannot unite labels: the folded sweep drops the filter and
  // sweeps (it re-reads every waiting deployment; no event's evidence is lost).
  coalesce: { id: () => "", data: ({ labels: _labels, ...rest }) => rest },
};

/** The timer's sweep of one installation: every repository it can see (see sweepInstallation). */
export const deploymentInstallation: JobSpec<"deployment.installation"> = {
  async run({ deps }) {
    await sweepInstallation(deps);
  },
  merge: (_waiting, next) => next,
  coalesce: { id: () => "" },
};

/**
 * The timer's tick: each installation of the App (GET /app/installations, paginated, with the
 * App's own JWT client: the job's installation is 0) gets a `deployment.installation` sweep.
 * Queued by the queue's `repeat` (a BullMQ job scheduler on Redis: once per period however many
 * instances run). Waiting ticks coalesce.
 */
export const deploymentTimer: JobSpec<"deployment.timer"> = {
  async run({ deps, enqueue }) {
    const { octokit } = deps;
    const installations = await octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 });
    const at = deps.now().toISOString();
    for (const installation of installations) {
      await enqueue({
        kind: "deployment.installation",
        key: `installation${installation.id}@deployment-sweep`,
        installationId: installation.id,
        deliveryId: `timer-${installation.id}-${at}`,
        data: {},
      });
    }
  },
  merge: (_waiting, next) => next,
  coalesce: { id: () => "" },
};

/** Reports the Go/No-Go on a merge group's head SHA (runMergeGroupJob); never folded. */
export const mergeGroup: JobSpec<"merge-group"> = {
  async run({ deps }, d) {
    await runMergeGroupJob(deps, d);
  },
};

/**
 * A `deployment_protection_rule.requested` that names no environment: every environment the run
 * waits on (GET …/actions/runs/{id}/pending_deployments) whose custom rule is this App's is
 * answered like a named one (with a status report while evidence is pending). Logged as an error
 * when none is, never silent.
 */
export const deploymentRun: JobSpec<"deployment.run"> = {
  async run({ deps }, d) {
    const { answered } = await answerWaitingRun(deps, d);
    if (!Object.keys(answered).length)
      deps.log.error(
        `deployment_protection_rule for run ${d.runId} names no environment, and none waits on Flightdeck`,
      );
  },
};
