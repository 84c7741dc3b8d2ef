import { DelayedError, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import Redlock from "redlock";
import type { Job } from "./job.js";
import { KeyOrder } from "./key-order.js";
import type { FailedJob, JobQueue, JobRunner, QueueObserver } from "./queue.js";
import { RedisJobStore } from "./redis-store.js";
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
  /** Jobs per installation per minute stored at priority 0 before its jobs yield to others' (default 200; see FairShare). */
  fairShareQuota?: number;
}

/**
 * The durable queue on Redis (BullMQ), for several receivers and workers:
 * - a redelivered webhook (same `X-GitHub-Delivery`, kind and key) is dropped (SET NX with a TTL);
 * - coalescing kinds use BullMQ deduplication with `keepLastIfActive`: at most one waiting and
 *   one next-after-running job per identity (see JobSpec.coalesce);
 * - jobs of one key run one at a time across every process: the worker holds a Redlock lease on
 *   the key, renewed while it runs; a job whose key is busy is moved to delayed and tried again;
 * - jobs of one key run in the order they were stored (see KeyOrder): a job whose key still has
 *   an older job waiting (or backing off before a retry) steps aside for it;
 * - a worker that dies mid-job leaves it to BullMQ's stalled-job recovery (another worker runs it
 *   after the lease); jobs are idempotent, so the re-run converges;
 * - an installation storing more than its fair share of jobs (FairShare) has its new jobs
 *   prioritized after the others', so one organization's burst does not hold back another's
 *   commands;
 * - transient GitHub failures retry with exponential backoff (GitHub's retry-after honoured);
 *   permanent ones and exhausted jobs are kept as failed (`failed()`).
 */
export class RedisQueue implements JobQueue {
  /** BullMQ's connection (its Lua scripts are defined on it). */
  private readonly client: Redis;
  /**
   * Flightdeck's own commands (redelivery marks, key order, windows, leases), auto-pipelined: a
   * connection without BullMQ's scripts, because every auto-pipelined batch copies the scripts
   * of its connection (ioredis's Pipeline constructor).
   */
  private readonly plain: Redis;
  private readonly queue: Queue;
  private readonly redlock: Redlock;
  private worker: Worker | undefined;
  private workerClient: Redis | undefined;
  private readonly prefix: string;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly order: KeyOrder;
  private readonly ready = new Map<Redis, Promise<void>>();
  private readonly store: RedisJobStore;

  constructor(private readonly options: RedisQueueOptions) {
    this.prefix = options.prefix ?? "flightdeck";
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.leaseMs = options.leaseMs ?? 30_000;
    // Receivers must fail fast when Redis is away (503), not queue commands in memory.
    // Flightdeck's connection auto-pipelines: the commands of every delivery stored in one tick
    // leave in one write (a lone command is a syscall each, and an ioredis Pipeline built by
    // hand costs more than the commands it sends). BullMQ's does not: every auto-pipelined batch
    // copies its connection's Lua scripts (about 100 properties for BullMQ's), which cost more
    // than the writes it saves (bench:webhooks: issues.labeled and /flightdeck comments 3–9
    // points of raw Probot's rate better without).
    const connect = (autoPipelining: boolean) => {
      const client = new Redis(options.url, {
        enableAutoPipelining: autoPipelining,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
      });
      client.on("error", () => {}); // reconnects by itself; healthy() reports the state
      // A lost connection may be a Redis restarted empty or a failover to a replica behind: the
      // delayed jobs the windows stand for may be gone, so later events must reach Redis again.
      client.on("close", () => this.store.forgetWindows());
      return client;
    };
    this.client = connect(false);
    this.plain = connect(true);
    this.queue = new Queue("jobs", { connection: this.client, prefix: this.prefix });
    this.queue.on("error", () => {});
    this.redlock = new Redlock([this.plain], { retryCount: 0 });
    this.redlock.on("error", () => {});
    this.order = new KeyOrder(this.plain, this.queue, this.prefix);
    this.store = new RedisJobStore({
      client: this.plain,
      queue: this.queue,
      order: this.order,
      prefix: this.prefix,
      retry: this.retry,
      options,
      connected: () => this.connected(),
    });
  }

  async enqueue(job: Job): Promise<void> {
    await this.enqueueAll([job]);
  }

  async enqueueAll(jobs: Job[]): Promise<void> {
    if (!jobs.length) return;
    const timeoutMs = this.options.enqueueTimeoutMs ?? 2_000;
    await withTimeout(
      this.store.store(jobs, performance.now() + timeoutMs),
      timeoutMs,
      "Redis did not answer",
    );
  }

  /** Waits for both connections (at start, or while ioredis reconnects); commands fail fast otherwise. */
  private async connected(): Promise<void> {
    if (this.client.status === "ready" && this.plain.status === "ready") return;
    await Promise.all([this.readyOf(this.client), this.readyOf(this.plain)]);
  }

  /** Resolves when `client` is ready: one listener however many deliveries wait (each gives up at its own timeout). */
  private readyOf(client: Redis): Promise<void> | undefined {
    if (client.status === "ready") return undefined;
    let ready = this.ready.get(client);
    if (!ready) {
      ready = new Promise<void>((resolve) =>
        client.once("ready", () => {
          this.ready.delete(client);
          resolve();
        }),
      );
      this.ready.set(client, ready);
    }
    return ready;
  }

  repeat(job: Job, everyMs: number): () => void {
    const upsert = () => {
      void this.queue
        .upsertJobScheduler(
          `${job.kind}|${job.key}`,
          { every: everyMs },
          { name: job.kind, data: job, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
        )
        .catch(() => {}); // Redis away: upserted again on the next "ready"
    };
    this.client.on("ready", upsert);
    if (this.client.status === "ready") upsert();
    return () => this.client.off("ready", upsert);
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
        let older = false;
        const id = String(bull.id);
        try {
          await this.redlock.using([`${this.prefix}:lease:${job.key}`], this.leaseMs, async () => {
            holding = true;
            older = await this.order.olderWaiting(job.key, id);
            if (older) return;
            await run(job);
            await this.order.done(job.key, id);
          });
          if (older) {
            // An older job of this key has not run yet: it goes first.
            await bull.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token);
            throw new DelayedError();
          }
          this.options.observer?.jobFinished?.(job, performance.now() - started, "done");
        } catch (error) {
          if (error instanceof DelayedError) throw error;
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
          // Kept as failed: later jobs of the key no longer wait for it.
          if (!retried) await this.order.done(job.key, id).catch(() => {});
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

  /** Jobs waiting or running; a job scheduler's next run (always delayed until its time) is not counted. */
  async depth(): Promise<number> {
    await withTimeout(this.connected(), 2_000, "Redis did not answer");
    const [counts, schedulers] = await Promise.all([
      this.queue.getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children"),
      this.queue.getJobSchedulersCount(),
    ]);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return total - Math.min(schedulers, counts.delayed ?? 0);
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
      const ping = this.connected().then(() => Promise.all([this.client.ping(), this.plain.ping()]));
      return (await withTimeout(ping, 1_000, "no answer")).every((p) => p === "PONG");
    } catch {
      return false;
    }
  }

  /**
   * Stops this process's part. Bounded: the worker waits for its running jobs at most one lease
   * (FLIGHTDECK_LEASE_MS) and then lets go of them — BullMQ's stalled-job check gives them to
   * another worker, and jobs are idempotent — so a shutdown never hangs on a slow GitHub call.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker)
      await withTimeout(worker.close(), this.leaseMs, "worker did not stop").catch(() =>
        worker.close(true).catch(() => {}),
      );
    await withTimeout(this.store.drain(), 2_000, "confirmations did not land").catch(() => {});
    await withTimeout(this.queue.close(), 2_000, "queue did not close").catch(() => {});
    this.workerClient?.disconnect();
    this.client.disconnect();
    this.plain.disconnect();
  }
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
