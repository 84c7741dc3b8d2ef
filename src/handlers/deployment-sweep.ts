import type { Probot } from "probot";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { sweepInstallation, sweepWaitingDeployments } from "../jobs/deployment-sweep.js";
import type { JobDeps } from "../jobs/types.js";
import { CHECK_NAMES } from "../reports/schema.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

const EVIDENCE_CHECKS = new Set<string>([CHECK_NAMES.qa, CHECK_NAMES.load, GATE_CHECK_NAME]);

/**
 * New evidence — a Flightdeck check run completed, or an issue labelled as a readiness checklist
 * or a P0 bug was edited, closed, reopened or relabelled — queues a sweep of the repository's
 * waiting deployments (sweepWaitingDeployments). Only decisions are posted; a deployment still
 * waiting stays silent until it can be answered.
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
      const octokit = context.octokit as unknown as Octokit;
      const loaded = await loadRepoConfig(octokit, repo);
      if (!loaded.ok) return;
      const policies = Object.values(loaded.config.gates.deployments);
      if (!policies.length) return;
      if ("issue" in context.payload) {
        // Only a readiness checklist or a P0 bug can change a deployment's verdict.
        const relevant = new Set([
          loaded.config.release.checklistLabel,
          ...policies.map((p) => p.p0Bugs.label),
        ]);
        const changed =
          "label" in context.payload && context.payload.label ? [context.payload.label.name] : [];
        const labels = [...(context.payload.issue.labels ?? []).map((l) => l?.name ?? ""), ...changed];
        if (!labels.some((l) => relevant.has(l))) return;
      }
      const deps = jobDeps(context, services);
      services.queue.enqueue(`${repo.owner}/${repo.repo}@deployment-sweep`, async () => {
        await sweepWaitingDeployments(deps, repo, loaded);
      });
    },
  );
}

/** Default period of the timer sweep, in ms: waiting deployments are re-answered at least this often. */
export const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * Schedules the timer sweep: every `intervalMs`, each installation of the App (GET /app/installations)
 * sweeps its repositories' waiting deployments (sweepInstallation), so a deployment is answered
 * even when no other event arrives or a callback failed. Kept small on purpose: the job queue will
 * own repeatable jobs; this only needs `installations()` and a per-installation JobDeps.
 * @returns a function that stops the timer
 */
export function scheduleDeploymentSweeps(
  app: Probot,
  services: AppServices,
  intervalMs = SWEEP_INTERVAL_MS,
): () => void {
  if (intervalMs <= 0) return () => {};
  const log = {
    info: (m: string) => app.log.info(m),
    warn: (m: string) => app.log.warn(m),
    error: (m: string) => app.log.error(m),
  };
  const tick = async () => {
    const appOctokit = (await app.auth()) as unknown as Octokit;
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
      per_page: 100,
    });
    const swept: Array<Promise<void>> = [];
    for (const installation of installations) {
      const octokit = (await app.auth(installation.id)) as unknown as Octokit;
      const deps: JobDeps = {
        octokit,
        log,
        secret: services.secret,
        appId: services.appId,
        now: services.now,
      };
      swept.push(
        new Promise<void>((done) =>
          services.queue.enqueue(`installation${installation.id}@deployment-sweep`, async () => {
            try {
              await sweepInstallation(deps);
            } finally {
              done();
            }
          }),
        ),
      );
    }
    await Promise.all(swept);
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
