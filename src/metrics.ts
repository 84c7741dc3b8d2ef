import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobQueue, QueueObserver } from "./jobs/queue.js";

/** The Prometheus metrics of one process (served at GET /metrics). */
export interface Metrics {
  registry: Registry;
  /** Feeds job durations, retries and failures (pass to the queue). */
  observer: QueueObserver;
  /** Counts one GitHub API request by method and HTTP status ("error" when none came back). */
  githubRequest(method: string, status: number | "error"): void;
  /** Counts a wait imposed by a GitHub rate limit, in seconds. */
  rateLimitWait(kind: "primary" | "secondary", seconds: number): void;
}

/**
 * Builds the metrics: `flightdeck_queue_depth` (jobs waiting or running, read from the queue at
 * scrape time), `flightdeck_job_duration_seconds{kind,outcome}`, `flightdeck_job_failures_total{kind}`,
 * `flightdeck_github_requests_total{method,status}`, `flightdeck_rate_limit_waits_total{kind}` and
 * `flightdeck_rate_limit_wait_seconds_total{kind}`, plus Node's process metrics.
 * @param queue read lazily: the queue may be built after the metrics (its observer comes from here)
 */
export function createMetrics(queue: () => JobQueue | undefined): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "flightdeck_queue_depth",
    help: "Jobs waiting or running",
    registers: [registry],
    async collect() {
      const q = queue();
      this.set(q ? await q.depth().catch(() => Number.NaN) : 0);
    },
  });
  const duration = new Histogram({
    name: "flightdeck_job_duration_seconds",
    help: "Duration of job runs",
    labelNames: ["kind", "outcome"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const failures = new Counter({
    name: "flightdeck_job_failures_total",
    help: "Jobs kept as failed (permanent error or retries exhausted)",
    labelNames: ["kind"],
    registers: [registry],
  });
  const requests = new Counter({
    name: "flightdeck_github_requests_total",
    help: "GitHub API requests",
    labelNames: ["method", "status"],
    registers: [registry],
  });
  const waits = new Counter({
    name: "flightdeck_rate_limit_waits_total",
    help: "Waits imposed by GitHub rate limits",
    labelNames: ["kind"],
    registers: [registry],
  });
  const waited = new Counter({
    name: "flightdeck_rate_limit_wait_seconds_total",
    help: "Seconds waited for GitHub rate limits",
    labelNames: ["kind"],
    registers: [registry],
  });
  return {
    registry,
    observer: {
      jobFinished(job, ms, outcome) {
        duration.observe({ kind: job.kind, outcome }, ms / 1000);
        if (outcome === "failed") failures.inc({ kind: job.kind });
      },
    },
    githubRequest: (method, status) => requests.inc({ method, status: String(status) }),
    rateLimitWait(kind, seconds) {
      waits.inc({ kind });
      waited.inc({ kind }, seconds);
    },
  };
}
