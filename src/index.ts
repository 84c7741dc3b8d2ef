import type { ApplicationFunctionOptions, Probot } from "probot";
import { createApp } from "./app.js";
import { opsRoutes } from "./http/routes.js";
import { plannerPool } from "./jobs/planner-pool.js";
import type { JobQueue } from "./jobs/queue.js";
import { processMetrics } from "./observability.js";
import {
  appOptionsFromEnv,
  assertWebhookSecret,
  plannerThreadsFromEnv,
  queueFromEnv,
  workersFromEnv,
} from "./runtime.js";

/**
 * The Flightdeck GitHub App as Probot loads it (`node dist/server.js`, `npm start`, or
 * `probot run ./dist/index.js`). Environment: WEBHOOK_SECRET (required when
 * NODE_ENV=production; also signs previewed plans unless FLIGHTDECK_PLAN_SECRET is set),
 * APP_ID (this App's numeric id), ANTHROPIC_API_KEY (optional: the Claude planner), REDIS_URL (optional: the durable BullMQ queue
 * shared by several processes), FLIGHTDECK_WORKERS=0 (receive webhooks only),
 * FLIGHTDECK_PLANNER_THREADS (planner worker threads, default 1). Adds
 * `GET /healthz` and `GET /metrics` to Probot's server.
 * @throws Error in production without WEBHOOK_SECRET
 */
/** What the apps loaded in this process hold open: their queues and planner threads. */
const open = new Set<() => Promise<void>>();

/**
 * Stops what `flightdeck()` started in this process, for a graceful shutdown (`node
 * dist/server.js` on SIGTERM): in-process workers finish or hand back their jobs (Redis: within
 * the lease), the confirmations of stored deliveries reach Redis, planner threads end. Never
 * throws; safe to call twice.
 */
export async function stopFlightdeck(): Promise<void> {
  const closers = [...open];
  open.clear();
  await Promise.allSettled(closers.map((close) => close()));
}

export default function flightdeck(app: Probot, options?: ApplicationFunctionOptions): void {
  const env = process.env;
  assertWebhookSecret(env);
  let queue: JobQueue | undefined;
  const { metrics, observer } = processMetrics(app.log, () => queue);
  queue = queueFromEnv(env, observer);
  const workers = workersFromEnv(env);
  const threads = plannerThreadsFromEnv(env);
  // Jobs run beside the webhook answers here: planning goes to worker threads.
  const pool = workers && threads > 0 ? plannerPool({ entryUrl: import.meta.url, threads }) : undefined;
  createApp({
    ...appOptionsFromEnv(env, app.log),
    queue,
    workers,
    ...(pool ? { planner: pool.plan } : {}),
  })(app);
  options?.addHandler?.(opsRoutes(queue, metrics));
  const held = queue;
  open.add(async () => {
    await held.close();
    await pool?.close();
  });
}
