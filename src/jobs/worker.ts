import type { Probot } from "probot";
import { installationOctokit } from "../github/octokit.js";
import type { AppServices } from "../handlers/shared.js";
import type { Job } from "./job.js";
import type { JobRunner } from "./queue.js";
import { runJob } from "./registry.js";

/**
 * The worker side of the queue: for each job, the installation's Octokit (`app.auth`), a logger
 * bound to the delivery id, job kind and key, and the process-wide services; then the kind's
 * runner (authorization, config, reactions and the work all happen here, never in the webhook
 * answer). Logs each job's end with its duration in ms.
 */
export function jobRunner(app: Pick<Probot, "auth" | "log">, services: AppServices): JobRunner {
  return async (job: Job) => {
    const log = app.log.child({ deliveryId: job.deliveryId, jobKey: job.key, jobKind: job.kind });
    const started = performance.now();
    const octokit = await installationOctokit(app, job.installationId);
    try {
      await runJob({
        job,
        enqueue: (next) => services.queue.enqueue(next),
        deps: {
          octokit,
          permissions: services.permissions,
          log: {
            info: (m) => log.info(m),
            warn: (m) => log.warn(m),
            error: (m) => log.error(m),
          },
          secret: services.secret,
          now: services.now,
          appId: services.appId,
          appOctokit: () => installationOctokit(app, 0),
          ...(services.budgetState ? { budgetState: services.budgetState } : {}),
          ...(services.llm ? { llm: services.llm } : {}),
          ...(services.applyTiming ? { applyTiming: services.applyTiming } : {}),
          ...(services.planner ? { planner: services.planner } : {}),
        },
      });
      log.info({ durationMs: Math.round(performance.now() - started) }, `job ${job.kind} done`);
    } catch (error) {
      log.warn(
        { durationMs: Math.round(performance.now() - started), err: error },
        `job ${job.kind} failed: ${(error as Error).message}`,
      );
      throw error;
    }
  };
}
