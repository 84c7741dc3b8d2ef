import type { Probot } from "probot";
import { GATE_CHECK_NAME } from "../gates/state.js";
import type { Octokit } from "../github/octokit.js";
import { CHECK_NAMES } from "../reports/schema.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

const EVIDENCE_CHECKS = new Set<string>([CHECK_NAMES.qa, CHECK_NAMES.load, GATE_CHECK_NAME]);

/**
 * New evidence — a Flightdeck check run completed, or an issue was edited, closed, reopened or
 * relabelled (the worker keeps only readiness checklists and P0 bugs, which the config names) —
 * queues a sweep of the repository's waiting deployments (see deploymentSweep).
 */
export function onDeploymentEvidence(app: Probot, services: AppServices): void {
  app.on(
    [
      "check_run.completed",
      "issues.edited",
      "issues.closed",
      "issues.reopened",
      "issues.labeled",
      "issues.unlabeled",
    ],
    async (context) => {
      if ("check_run" in context.payload && !EVIDENCE_CHECKS.has(context.payload.check_run.name)) return;
      const repo = repoOf(context);
      let labels: string[] | undefined;
      if ("issue" in context.payload) {
        const changed =
          "label" in context.payload && context.payload.label ? [context.payload.label.name] : [];
        labels = [...(context.payload.issue.labels ?? []).map((l) => l?.name ?? ""), ...changed];
      }
      await enqueueJob(context, services, "deployment.sweep", `${repo.owner}/${repo.repo}@deployments`, {
        ...repo,
        ...(labels ? { labels } : {}),
      });
    },
  );
}
/** Default period of the timer sweep, in ms: waiting deployments are re-answered at least this often. */
export const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * Schedules the timer sweep: every `intervalMs`, each installation of the App (GET /app/installations)
 * gets a `deployment.installation` job that sweeps its repositories' waiting deployments
 * (sweepInstallation), so a deployment is answered even when no other event arrives or a callback
 * failed. Waiting sweeps of an installation coalesce, so several instances' timers add no work.
 * @returns a function that stops the timer
 */
export function scheduleDeploymentSweeps(
  app: Probot,
  services: AppServices,
  intervalMs = SWEEP_INTERVAL_MS,
): () => void {
  if (intervalMs <= 0) return () => {};
  // Enqueue only: the sweep itself runs as a job (any worker, under the installation's key).
  const tick = async () => {
    const appOctokit = (await app.auth()) as unknown as Octokit;
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
      per_page: 100,
    });
    const at = services.now().toISOString();
    for (const installation of installations) {
      await services.queue.enqueue({
        kind: "deployment.installation",
        key: `installation${installation.id}@deployment-sweep`,
        installationId: installation.id,
        deliveryId: `timer-${installation.id}-${at}`,
        data: {},
      });
    }
  };
  let running = false;
  const timer = setInterval(() => {
    // A slow round (many installations) is not stacked on by the next tick.
    if (running) return;
    running = true;
    tick()
      .catch((error: unknown) => app.log.error(`deployment sweep failed: ${(error as Error).message}`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
