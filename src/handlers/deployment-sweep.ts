import { GATE_CHECK_NAME } from "../gates/state.js";
import { CHECK_NAMES } from "../reports/schema.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

const EVIDENCE_CHECKS = new Set<string>([CHECK_NAMES.qa, CHECK_NAMES.load, GATE_CHECK_NAME]);

/**
 * New evidence — a Flightdeck check run completed, or an issue was edited, closed, reopened or
 * relabelled (the worker keeps only readiness checklists and P0 bugs, which the config names) —
 * queues a sweep of the repository's waiting deployments (see deploymentSweep).
 */
export function onDeploymentEvidence(app: EventSource, services: AppServices): void {
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
 * Schedules the timer sweep: every `intervalMs` a `deployment.timer` job gives each installation
 * of the App a `deployment.installation` job that sweeps its repositories' waiting deployments
 * (sweepInstallation), so a deployment is answered even when no other event arrives or a
 * callback failed. The queue repeats it (JobQueue.repeat): a timer in this process for the
 * embedded queue; one BullMQ job scheduler shared by every instance on Redis, so N instances
 * queue one tick per period, not N.
 * @returns a function that stops this process's part (the Redis scheduler stays for the others)
 */
export function scheduleDeploymentSweeps(
  _app: EventSource,
  services: AppServices,
  intervalMs = SWEEP_INTERVAL_MS,
): () => void {
  if (intervalMs <= 0) return () => {};
  return services.queue.repeat(
    {
      kind: "deployment.timer",
      key: "app@deployment-timer",
      installationId: 0,
      deliveryId: "timer",
      data: {},
    },
    intervalMs,
  );
}
