import { randomBytes } from "node:crypto";
import type { AppOptions } from "./app.js";
import { EmbeddedQueue } from "./jobs/embedded-queue.js";
import type { JobQueue, QueueObserver } from "./jobs/queue.js";
import { RedisQueue } from "./jobs/redis-queue.js";
import { anthropicClient } from "./llm/anthropic.js";

/** A logger as Probot's pino provides it. */
interface Log {
  warn(msg: string): void;
}

/**
 * Refuses to start a production process that would accept forged deliveries: Probot falls back
 * to the secret "development" when WEBHOOK_SECRET is unset, which anyone can sign with.
 * @throws Error naming the variable when NODE_ENV=production and WEBHOOK_SECRET is unset or "development"
 */
export function assertWebhookSecret(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== "production") return;
  if (!env.WEBHOOK_SECRET || env.WEBHOOK_SECRET === "development") {
    throw new Error(
      "WEBHOOK_SECRET is required when NODE_ENV=production (without it anyone could forge webhook deliveries): set it to the App's webhook secret.",
    );
  }
}

/**
 * The job queue the environment asks for: BullMQ on REDIS_URL when set, else the embedded one.
 * FLIGHTDECK_CONCURRENCY (jobs at once per process, default 4), FLIGHTDECK_LEASE_MS (per-key
 * lease, default 30,000), FLIGHTDECK_QUEUE_PREFIX (Redis key prefix, default "flightdeck").
 * @throws Error on a malformed number
 */
export function queueFromEnv(env: NodeJS.ProcessEnv, observer?: QueueObserver): JobQueue {
  const concurrency = positive(env, "FLIGHTDECK_CONCURRENCY") ?? 4;
  if (!env.REDIS_URL) return new EmbeddedQueue({ concurrency, ...(observer ? { observer } : {}) });
  const leaseMs = positive(env, "FLIGHTDECK_LEASE_MS");
  return new RedisQueue({
    url: env.REDIS_URL,
    ...(env.FLIGHTDECK_QUEUE_PREFIX ? { prefix: env.FLIGHTDECK_QUEUE_PREFIX } : {}),
    concurrency,
    ...(leaseMs ? { leaseMs } : {}),
    ...(observer ? { observer } : {}),
  });
}

/** True unless FLIGHTDECK_WORKERS=0 (a receiver-only server next to `npm run worker` processes). */
export function workersFromEnv(env: NodeJS.ProcessEnv): boolean {
  return env.FLIGHTDECK_WORKERS !== "0";
}

/** Default coalescing window of evidence jobs, in ms (see JobSpec `window`). */
export const DEFAULT_COALESCE_MS = 1_000;

/**
 * The app's settings from the environment: the plan-signing key (FLIGHTDECK_PLAN_SECRET, else
 * WEBHOOK_SECRET; a per-process key with a warning otherwise — with several processes this
 * must be set, or one process cannot verify another's previews), this App's id (APP_ID), the
 * Claude client (ANTHROPIC_API_KEY) and the coalescing window of evidence jobs
 * (FLIGHTDECK_COALESCE_MS, default 1,000 ms; 0 runs them at once).
 * @throws Error when APP_ID is not a positive integer, or FLIGHTDECK_COALESCE_MS is not a whole number of ms
 */
export function appOptionsFromEnv(env: NodeJS.ProcessEnv, log: Log): Omit<AppOptions, "queue" | "workers"> {
  let secret = env.FLIGHTDECK_PLAN_SECRET ?? env.WEBHOOK_SECRET;
  if (!secret || secret === "development") {
    log.warn(
      "No WEBHOOK_SECRET/FLIGHTDECK_PLAN_SECRET: plan previews are signed with a per-process key and need re-planning after a restart.",
    );
    secret = randomBytes(32).toString("hex");
  }
  const key = env.ANTHROPIC_API_KEY;
  // Probot itself needs APP_ID to authenticate; the gate needs it to recognise its own check runs.
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0) throw new Error("APP_ID must be this GitHub App's numeric id");
  const coalesceWindowMs = nonNegative(env, "FLIGHTDECK_COALESCE_MS") ?? DEFAULT_COALESCE_MS;
  return { secret, appId, coalesceWindowMs, ...(key ? { llm: anthropicClient(key) } : {}) };
}

/**
 * FLIGHTDECK_PLANNER_THREADS: worker threads for the deterministic planner (default 1, so a
 * large epic never blocks the thread that answers webhooks); 0 plans on the job's own thread.
 * @throws Error when it is not a non-negative integer
 */
export function plannerThreadsFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.FLIGHTDECK_PLANNER_THREADS;
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`FLIGHTDECK_PLANNER_THREADS must be 0 or a positive integer, got "${raw}"`);
  return n;
}

function nonNegative(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be 0 or a positive integer (ms), got "${raw}"`);
  return n;
}

function positive(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}
