import { createProbot } from "probot";
import { createApp } from "./app.js";
import { FlightdeckOctokit } from "./github/octokit.js";
import { plannerPool } from "./jobs/planner-pool.js";
import { appOptionsFromEnv, plannerThreadsFromEnv, queueFromEnv } from "./runtime.js";

// `node dist/worker.js` (`npm run worker`): runs queued jobs from REDIS_URL and receives no
// webhooks. Any number of workers and receivers share one Redis; each job key (an epic, a pull
// request, a deployment) runs on one of them at a time. Needs APP_ID and PRIVATE_KEY (the
// installation tokens) and the same FLIGHTDECK_PLAN_SECRET/WEBHOOK_SECRET as the receivers.
const env = process.env;
if (!env.REDIS_URL) {
  console.error("REDIS_URL is required: workers take their jobs from the Redis queue the receivers fill.");
  process.exit(1);
}
const probot = createProbot({ overrides: { Octokit: FlightdeckOctokit } });
const queue = queueFromEnv(env, {
  jobFinished(job, _ms, outcome, error) {
    if (outcome === "failed")
      probot.log.error({ err: error, deliveryId: job.deliveryId, jobKey: job.key }, `job ${job.kind} failed`);
  },
});
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
probot.log.info("Flightdeck worker started");
const stop = async () => {
  await queue.close();
  await pool?.close();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
