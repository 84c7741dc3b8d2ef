import { createServer, type Server } from "node:http";
import { githubTelemetry } from "./github/octokit.js";
import { opsRoutes } from "./http/routes.js";
import type { JobQueue, QueueObserver } from "./jobs/queue.js";
import { createMetrics, type Metrics } from "./metrics.js";

/** The logger a process has (Probot's pino). */
interface Log {
  error(fields: object, msg: string): void;
}

/**
 * A process's metrics and the queue observer that feeds them: job durations and outcomes,
 * failures (also logged as errors with delivery id, job key and duration in ms — the end of a
 * job that is kept as failed), GitHub requests and rate-limit waits (githubTelemetry, counted
 * for every Octokit of the process).
 * @param queue read lazily: the queue is built with the observer returned here
 */
export function processMetrics(
  log: Log,
  queue: () => JobQueue | undefined,
): { metrics: Metrics; observer: QueueObserver } {
  const metrics = createMetrics(queue);
  githubTelemetry.request = metrics.githubRequest;
  githubTelemetry.rateLimitWait = metrics.rateLimitWait;
  const observer: QueueObserver = {
    jobFinished(job, ms, outcome, error) {
      metrics.observer.jobFinished?.(job, ms, outcome, error);
      const fields = {
        deliveryId: job.deliveryId,
        jobKey: job.key,
        jobKind: job.kind,
        durationMs: Math.round(ms),
      };
      // Each attempt's end is logged by the job runner (jobs/worker.ts); this is the final word.
      if (outcome === "failed")
        log.error({ ...fields, err: error }, `job ${job.kind} failed and is kept as failed`);
    },
  };
  return { metrics, observer };
}

/**
 * Serves `GET /healthz` and `GET /metrics` on `port` for a process without Probot's server (a
 * worker: `npm run worker` with FLIGHTDECK_METRICS_PORT), everything else 404.
 */
export function serveOps(queue: JobQueue, metrics: Metrics, port: number, host = "0.0.0.0"): Server {
  const routes = opsRoutes(queue, metrics);
  const server = createServer((req, res) => {
    void Promise.resolve(routes(req, res)).then((answered) => {
      if (!answered) res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    });
  });
  server.listen(port, host);
  return server;
}
