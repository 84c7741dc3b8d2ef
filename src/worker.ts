import { createProbot } from "probot";
import { createApp } from "./app.js";
import { FlightdeckOctokit } from "./github/octokit.js";
import { plannerPool } from "./jobs/planner-pool.js";
import type { JobQueue } from "./jobs/queue.js";
import { processMetrics, serveOps } from "./observability.js";
import { appOptionsFromEnv, plannerThreadsFromEnv, queueFromEnv } from "./runtime.js";

// `node dist/worker.js` (`npm run worker`): runs queued jobs from REDIS_URL and receives no
// webhooks. Any number of workers and receivers share one Redis; each job key (an epic, a pull
// request, a deployment) runs on one of them at a time. Needs APP_ID and PRIVATE_KEY (the
// installation tokens) and the same FLIGHTDECK_PLAN_SECRET/WEBHOOK_SECRET as the receivers.
// FLIGHTDECK_METRICS_PORT serves /healthz and /metrics: jobs run here, so their durations,
// failures and GitHub requests are this process's metrics, not the receiver's.
const env = process.env;
if (!env.REDIS_URL) {
  console.error("REDIS_URL is required: workers take their jobs from the Redis queue the receivers fill.");
  process.exit(1);
}
const probot = createProbot({ overrides: { Octokit: FlightdeckOctokit } });
let queue: JobQueue | undefined;
const { metrics, observer } = processMetrics(probot.log, () => queue);
queue = queueFromEnv(env, observer);
// Planning on worker threads keeps this process's other jobs (and their leases) moving.
const threads = plannerThreadsFromEnv(env);
const pool = threads > 0 ? plannerPool({ entryUrl: import.meta.url, threads }) : undefined;
await probot.load(
  createApp({
    ...appOptionsFromEnv(env, probot.log),
    queue,
    workers: true,
    ...(pool ? { planner: pool.plan } : {}),
  }),
);
const opsPort = env.FLIGHTDECK_METRICS_PORT ? Number(env.FLIGHTDECK_METRICS_PORT) : undefined;
if (opsPort !== undefined && !(Number.isInteger(opsPort) && opsPort > 0 && opsPort < 65_536)) {
  console.error(`FLIGHTDECK_METRICS_PORT must be a TCP port, got "${env.FLIGHTDECK_METRICS_PORT}"`);
  process.exit(1);
}
const ops = opsPort ? serveOps(queue, metrics, opsPort, env.HOST) : undefined;
probot.log.info(`Flightdeck worker started${opsPort ? ` (/healthz and /metrics on port ${opsPort})` : ""}`);
const stop = async () => {
  ops?.close();
  await queue?.close();
  await pool?.close();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
