import { RoundRobin } from "./fair-share.js";
import type { Job } from "./job.js";
import type { FailedJob, JobQueue, JobRunner, QueueObserver } from "./queue.js";
import { mergeJobs } from "./registry.js";
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from "./retry.js";

/** Options of the in-process queue. */
export interface EmbeddedQueueOptions {
  /** Jobs running at once across keys (default 4). */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Failed jobs kept (default 100; older ones are dropped). */
  maxFailed?: number;
  observer?: QueueObserver;
  sleep?: (ms: number) => Promise<void>;
}

/** Deliveries remembered for dropping redeliveries (bounded memory: ≈ 1 MB). */
const MAX_DELIVERIES = 10_000;

interface Lane {
  waiting: Job[];
  running: boolean;
}

/**
 * The embedded (default) queue: in memory, in this process; no Redis needed. Serialized per key,
 * coalescing (see JobQueue), drops redeliveries of the last MAX_DELIVERIES jobs, retries transient failures with exponential backoff while holding
 * the key (so order is kept), keeps the last `maxFailed` failures.
 *
 * A restart drops waiting jobs: safe because every job reads its state from GitHub and is
 * idempotent (the user repeats the command); use the Redis queue to keep them.
 */
export class EmbeddedQueue implements JobQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Keys whose head job may run, by installation, taken in turn (fair between installations). */
  private readonly ready = new RoundRobin<string>();
  private readonly failures: FailedJob[] = [];
  private readonly deliveries = new Set<string>();
  private readonly idleWaiters: Array<() => void> = [];
  private runner: JobRunner | undefined;
  private active = 0;
  private readonly concurrency: number;
  private readonly retry: RetryPolicy;
  private readonly maxFailed: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: EmbeddedQueueOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxFailed = options.maxFailed ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async enqueueAll(jobs: Job[]): Promise<void> {
    for (const job of jobs) await this.enqueue(job);
  }

  async enqueue(job: Job): Promise<void> {
    const delivery = `${job.deliveryId}|${job.kind}|${job.key}`;
    if (this.deliveries.has(delivery)) return; // GitHub redelivered it
    this.deliveries.add(delivery);
    // Sets iterate in insertion order: the oldest delivery is forgotten first.
    if (this.deliveries.size > MAX_DELIVERIES)
      this.deliveries.delete(this.deliveries.values().next().value as string);
    let lane = this.lanes.get(job.key);
    if (!lane) {
      lane = { waiting: [], running: false };
      this.lanes.set(job.key, lane);
    }
    for (let i = 0; i < lane.waiting.length; i++) {
      const waiting = lane.waiting[i] as Job;
      const merged = waiting.kind === job.kind ? mergeJobs(waiting, job) : undefined;
      if (merged) {
        lane.waiting[i] = merged;
        return;
      }
    }
    lane.waiting.push(job);
    if (!lane.running && lane.waiting.length === 1) this.makeReady(job.key, job);
  }

  /** Puts a lane's head job in line, after its delay (while it waits, new jobs fold into it). */
  private makeReady(key: string, head: Job | undefined): void {
    const delay = head?.delayMs ?? 0;
    const installation = head?.installationId ?? 0;
    if (delay <= 0) {
      this.ready.push(installation, key);
      this.pump();
      return;
    }
    setTimeout(() => {
      this.ready.push(installation, key);
      this.pump();
    }, delay);
  }

  repeat(job: Job, everyMs: number): () => void {
    const timer = setInterval(() => {
      void this.enqueue({ ...job, deliveryId: `${job.deliveryId}-${Date.now()}` } as Job);
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  process(run: JobRunner): void {
    this.runner = run;
    this.pump();
  }

  async onIdle(): Promise<void> {
    if (this.lanes.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async depth(): Promise<number> {
    return this.pending;
  }

  /** Jobs waiting or running (synchronous, for tests). */
  get pending(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length + (lane.running ? 1 : 0);
    return n;
  }

  async failed(limit = this.maxFailed): Promise<FailedJob[]> {
    return this.failures.slice(0, limit);
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.runner = undefined;
  }

  private pump(): void {
    while (this.runner && this.active < this.concurrency && this.ready.size) {
      const key = this.ready.shift() as string;
      const lane = this.lanes.get(key);
      const job = lane?.waiting.shift();
      if (!lane || !job) continue;
      lane.running = true;
      this.active++;
      void this.runWithRetries(this.runner, job).finally(() => {
        this.active--;
        lane.running = false;
        if (lane.waiting.length) this.makeReady(key, lane.waiting[0]);
        else this.lanes.delete(key);
        this.pump();
        if (this.lanes.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async runWithRetries(run: JobRunner, job: Job): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        await run(job);
        this.options.observer?.jobFinished?.(job, performance.now() - started, "done");
        return;
      } catch (error) {
        const ms = performance.now() - started;
        const wait = retryDelay(error, attempt, this.retry);
        if (wait === undefined) {
          this.options.observer?.jobFinished?.(job, ms, "failed", error);
          this.failures.unshift({
            job,
            error: (error as Error)?.message ?? String(error),
            attempts: attempt,
            failedAt: new Date().toISOString(),
          });
          this.failures.length = Math.min(this.failures.length, this.maxFailed);
          return;
        }
        this.options.observer?.jobFinished?.(job, ms, "retry", error);
        await this.sleep(wait);
      }
    }
  }
}
