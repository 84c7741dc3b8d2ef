import type { Context } from "probot";
import type { PermissionCache } from "../github/permission-cache.js";
import type { Job, JobDataByKind, JobKind, RepoRef } from "../jobs/job.js";
import type { JobQueue } from "../jobs/queue.js";
import { JOBS } from "../jobs/registry.js";
import type { JobDeps } from "../jobs/types.js";
import type { LlmClient } from "../planner/llm.js";
import { queueUnavailable } from "./delivery-error.js";
import { batchJob } from "./router.js";

/** What every handler and worker shares: the queue and the process-wide settings. */
export interface AppServices {
  queue: JobQueue;
  /** Who may approve, remembered briefly across gate evaluations. */
  permissions: PermissionCache;
  /** This App's numeric id (createApp option `appId`; src/index.ts reads APP_ID): its own check runs carry it. */
  appId: number;
  secret: string;
  llm?: LlmClient;
  now: () => Date;
  applyTiming?: JobDeps["applyTiming"];
  /** Where the deterministic planner runs (src/jobs/planner-pool.ts); default the job's thread. */
  planner?: JobDeps["planner"];
  /**
   * How long an epic's Mission Control refresh waits for more events before it runs, in ms
   * (default 30 s): a burst of closes edits the epic once per wait. 0 runs it at once (tests).
   */
  progressDelayMs?: number;
  /**
   * How long evidence jobs (JobSpec `window`) wait for more events of their key before they run,
   * in ms. Default 0 here (tests); the app as started reads FLIGHTDECK_COALESCE_MS (default 1,000).
   */
  coalesceWindowMs?: number;
  /** The AI budget's state for the doctor (issue 10 §4); none: "not configured". */
  budgetState?: JobDeps["budgetState"];
}

type RepoContext = Context<
  | "issues"
  | "issue_comment"
  | "pull_request"
  | "pull_request_review"
  | "check_run"
  | "deployment_protection_rule"
  | "deployment_status"
  | "code_scanning_alert"
  | "dependabot_alert"
  | "secret_scanning_alert"
  | "milestone"
>;

/** The repository of an event, with its default branch (config is read only from there). */
export function repoOf(context: RepoContext): RepoRef {
  const r = context.payload.repository;
  return { owner: r.owner.login, repo: r.name, defaultBranch: r.default_branch };
}

export { DeliveryError } from "./delivery-error.js";

/**
 * Stores a job for this delivery: the webhook answer waits only for this (no GitHub I/O). Routed
 * deliveries (EventRouter) store all their handlers' jobs together once every handler has run.
 * @throws DeliveryError 503 when the queue cannot keep it (Redis unreachable), so GitHub records
 *   a failed delivery that can be redelivered instead of an acknowledged job that is lost
 */
export async function enqueueJob<K extends JobKind>(
  context: { id: string; payload: unknown },
  services: AppServices,
  kind: K,
  key: string,
  data: JobDataByKind[K],
  delayMs = JOBS[kind].window ? (services.coalesceWindowMs ?? 0) : 0,
): Promise<void> {
  const installation = (context.payload as { installation?: { id: number } }).installation;
  const job = {
    kind,
    key,
    installationId: installation?.id ?? 0,
    deliveryId: context.id,
    data,
    ...(delayMs > 0 ? { delayMs } : {}),
  } as Job;
  if (batchJob(context, job)) return;
  try {
    await services.queue.enqueue(job);
  } catch (error) {
    throw queueUnavailable(error);
  }
}

/** Queue key of an epic (or any issue): its jobs run one at a time. */
export function epicKey(repo: { owner: string; repo: string }, issueNumber: number): string {
  return `${repo.owner}/${repo.repo}#${issueNumber}`;
}
