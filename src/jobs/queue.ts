import type { Job } from "./job.js";

/** A job that exhausted its attempts (or failed permanently), kept for people to look at. */
export interface FailedJob {
  job: Job;
  error: string;
  attempts: number;
  /** ISO time of the last failure. */
  failedAt: string;
}

/** What the queue reports as jobs end (logs, metrics). `ms` is the run's duration. */
export interface QueueObserver {
  jobFinished?(job: Job, ms: number, outcome: "done" | "retry" | "failed", error?: unknown): void;
}

/** Runs one job; rejects when it failed (the queue decides whether to retry). */
export type JobRunner = (job: Job) => Promise<void>;

/**
 * The job queue as the webhook receiver and the workers see it, embedded or on Redis:
 * - jobs of one key run one at a time, in order;
 * - a job of a kind that coalesces is folded into a waiting job of the same kind and key, so
 *   memory grows with distinct keys, not deliveries;
 * - installations share the workers fairly (src/jobs/fair-share.ts): embedded, ready jobs are
 *   taken from each installation in turn; on Redis, a busy installation's jobs yield to others';
 * - transient failures are retried with exponential backoff; jobs that still fail are kept.
 */
export interface JobQueue {
  /** Stores a job. Resolves once it is kept; rejects when the store is unreachable (answer 503). */
  enqueue(job: Job): Promise<void>;
  /**
   * Stores the jobs of one delivery together (Redis: in a fixed number of round trips). Resolves
   * once every job is kept; rejects when the store is unreachable (none may be kept: answer 503,
   * GitHub's redelivery stores them — the jobs already kept drop it as a redelivery).
   */
  enqueueAll(jobs: Job[]): Promise<void>;
  /**
   * Queues `job` every `everyMs` (its delivery id gets the time appended). Embedded: a timer in
   * this process. Redis: a BullMQ job scheduler named by the job's kind and key, upserted by
   * every process (again after each reconnection), so the period holds once for all of them.
   * @returns stops this process's timer (a Redis scheduler stays for the other processes)
   */
  repeat(job: Job, everyMs: number): () => void;
  /** Starts running jobs in this process with `run`. */
  process(run: JobRunner): void;
  /** Resolves when no job is waiting or running (tests, graceful shutdown). */
  onIdle(): Promise<void>;
  /** Jobs waiting or running. */
  depth(): Promise<number>;
  /** The most recent failed jobs, newest first. */
  failed(limit?: number): Promise<FailedJob[]>;
  /** False when the backing store is unreachable. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
