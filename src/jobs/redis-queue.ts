import { createHash } from "node:crypto";
import { DelayedError, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import Redlock from "redlock";
import type { Job } from "./job.js";
import type { FailedJob, JobQueue, JobRunner, QueueObserver } from "./queue.js";
import { coalescing } from "./registry.js";
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from "./retry.js";

/** Options of the Redis (BullMQ) queue. */
export interface RedisQueueOptions {
  /** redis://host:port/db */
  url: string;
  /** Prefix of every Redis key (default "flightdeck"); the BullMQ queue is named "jobs". */
  prefix?: string;
  /** Jobs this process runs at once (default 4). */
  concurrency?: number;
  retry?: RetryPolicy;
  /**
   * Lease on a key and on a running job, in ms (default 30,000): a worker that dies holding
   * them (SIGKILL) frees its key and its job this long after its last renewal.
   */
  leaseMs?: number;
  /** Failed jobs kept (default 1,000). */
  maxFailed?: number;
  /** How long a delivery id is remembered for dropping redeliveries, in s (default 86,400). */
  deliveryTtlS?: number;
  /** Longest wait for Redis when storing a job before answering 503, in ms (default 2,000). */
  enqueueTimeoutMs?: number;
  observer?: QueueObserver;
}

/**
 * The durable queue on Redis (BullMQ), for several receivers and workers:
 * - a redelivered webhook (same `X-GitHub-Delivery`, kind and key) is dropped (SET NX with a TTL);
 * - coalescing kinds use BullMQ deduplication with `keepLastIfActive`: at most one waiting and
 *   one next-after-running job per identity (see JobSpec.coalesce);
 * - jobs of one key run one at a time across every process: the worker holds a Redlock lease on
 *   the key, renewed while it runs; a job whose key is busy is moved to delayed and tried again
 *   (order within a key is therefore not guaranteed, only exclusion);
 * - a worker that dies mid-job leaves it to BullMQ's stalled-job recovery (another worker runs it
 *   after the lease); jobs are idempotent, so the re-run converges;
 * - transient GitHub failures retry with exponential backoff (GitHub's retry-after honoured);
 *   permanent ones and exhausted jobs are kept as failed (`failed()`).
 */
export class RedisQueue implements JobQueue {
  private readonly client: Redis;
  private readonly queue: Queue;
  private readonly redlock: Redlock;
  private worker: Worker | undefined;
  private workerClient: Redis | undefined;
  private readonly prefix: string;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: RedisQueueOptions) {
    this.prefix = options.prefix ?? "flightdeck";
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.leaseMs = options.leaseMs ?? 30_000;
    // Receivers must fail fast when Redis is away (503), not queue commands in memory.
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    this.client.on("error", () => {}); // reconnects by itself; healthy() reports the state
    this.queue = new Queue("jobs", { connection: this.client, prefix: this.prefix });
    this.queue.on("error", () => {});
    this.redlock = new Redlock([this.client], { retryCount: 0 });
    this.redlock.on("error", () => {});
  }

  async enqueue(job: Job): Promise<void> {
    await withTimeout(this.store(job), this.options.enqueueTimeoutMs ?? 2_000, "Redis did not answer");
  }

  /** Waits for the connection (at start, or while ioredis reconnects); commands fail fast otherwise. */
  private async connected(): Promise<void> {
    if (this.client.status === "ready") return;
    // One listener however many deliveries wait (each gives up at its own timeout).
    this.ready ??= new Promise<void>((resolve) =>
      this.client.once("ready", () => {
        this.ready = undefined;
        resolve();
      }),
    );
    await this.ready;
  }

  private async store(job: Job): Promise<void> {
    await this.connected();
    const id = createHash("sha256").update(`${job.deliveryId}|${job.kind}|${job.key}`).digest("hex");
    const seen = `${this.prefix}:delivery:${id}`;
    const fresh = await this.client.set(seen, "1", "EX", this.options.deliveryTtlS ?? 86_400, "NX");
    if (fresh === null) return; // a redelivery of a job already stored
    const folded = coalescing(job);
    try {
      await this.queue.add(job.kind, folded?.job ?? job, {
        attempts: this.retry.attempts,
        backoff: { type: "flightdeck" },
        removeOnComplete: true,
        removeOnFail: { count: this.options.maxFailed ?? 1_000 },
        ...(job.delayMs ? { delay: job.delayMs } : {}),
        ...(folded ? { deduplication: { id: folded.id, keepLastIfActive: true } } : {}),
      });
    } catch (error) {
      await this.client.del(seen).catch(() => {}); // let GitHub's redelivery store it
      throw error;
    }
  }

  process(run: JobRunner): void {
    const connection = new Redis(this.options.url, { maxRetriesPerRequest: null });
    connection.on("error", () => {});
    this.workerClient = connection;
    const policy = this.retry;
    this.worker = new Worker(
      "jobs",
      async (bull, token) => {
        const job = bull.data as Job;
        const started = performance.now();
        let holding = false;
        try {
          await this.redlock.using([`${this.prefix}:lease:${job.key}`], this.leaseMs, async () => {
            holding = true;
            await run(job);
          });
          this.options.observer?.jobFinished?.(job, performance.now() - started, "done");
        } catch (error) {
          if (!holding) {
            // Another worker holds this key: try again shortly (jittered, so waiters spread out).
            await bull.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token);
            throw new DelayedError();
          }
          const attempt = bull.attemptsMade + 1;
          const retried = retryDelay(error, attempt, policy) !== undefined;
          this.options.observer?.jobFinished?.(
            job,
            performance.now() - started,
            retried ? "retry" : "failed",
            error,
          );
          if (!retried && attempt < policy.attempts) throw new UnrecoverableError((error as Error).message);
          throw error;
        }
      },
      {
        connection,
        prefix: this.prefix,
        concurrency: this.options.concurrency ?? 4,
        lockDuration: this.leaseMs,
        stalledInterval: this.leaseMs,
        maxStalledCount: 5,
        settings: {
          backoffStrategy: (attemptsMade, _type, err) =>
            retryDelay(err, attemptsMade, { ...policy, attempts: Number.POSITIVE_INFINITY }) ??
            policy.backoffMs,
        },
      },
    );
    this.worker.on("error", () => {});
  }

  async onIdle(): Promise<void> {
    while ((await this.depth()) > 0) await new Promise((r) => setTimeout(r, 25));
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts(
      "wait",
      "active",
      "delayed",
      "prioritized",
      "waiting-children",
    );
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /** Jobs by BullMQ state (waiting, active, delayed, prioritized), for tests and the CLI. */
  async queueCounts(): Promise<Record<"wait" | "active" | "delayed" | "prioritized", number>> {
    const c = await this.queue.getJobCounts("wait", "active", "delayed", "prioritized");
    return {
      wait: c.wait ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      prioritized: c.prioritized ?? 0,
    };
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.map((j) => ({
      job: j.data as Job,
      error: j.failedReason,
      attempts: j.attemptsMade,
      failedAt: new Date(j.finishedOn ?? j.timestamp).toISOString(),
    }));
  }

  async healthy(): Promise<boolean> {
    try {
      const ping = this.connected().then(() => this.client.ping());
      return (await withTimeout(ping, 1_000, "no answer")) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.worker?.close().catch(() => {});
    await this.queue.close().catch(() => {});
    this.workerClient?.disconnect();
    this.client.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
