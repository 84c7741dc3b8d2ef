import { createHash } from "node:crypto";
import { DelayedError, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import Redlock from "redlock";
import { FairShare } from "./fair-share.js";
import type { Job } from "./job.js";
import { KeyOrder } from "./key-order.js";
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
  private readonly client: Redis;
  private readonly queue: Queue;
  private readonly redlock: Redlock;
  private worker: Worker | undefined;
  private workerClient: Redis | undefined;
  private readonly prefix: string;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly order: KeyOrder;
  private ready: Promise<void> | undefined;
  /**
   * Coalescing identities of delayed jobs this process stored, with the time until which
   * they certainly have not started (three quarters of their delay: room for clock skew
   * between processes). A job folding into one of them is dropped here without a round trip:
   * Redis would fold it into the same waiting job.
   */
  private readonly windows = new Map<string, number>();
  private readonly shares: FairShare;

  constructor(private readonly options: RedisQueueOptions) {
    this.prefix = options.prefix ?? "flightdeck";
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.shares = new FairShare(options.fairShareQuota);
    // Receivers must fail fast when Redis is away (503), not queue commands in memory.
    // Auto-pipelining: the commands of every delivery stored in one tick leave in one write (a
    // lone command is a syscall each, and an ioredis Pipeline object costs more to build than
    // the commands it sends).
    this.client = new Redis(options.url, {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    this.client.on("error", () => {}); // reconnects by itself; healthy() reports the state
    // A lost connection may be a Redis restarted empty or a failover to a replica behind: the
    // delayed jobs the windows stand for may be gone, so later events must reach Redis again.
    this.client.on("close", () => this.windows.clear());
    this.queue = new Queue("jobs", { connection: this.client, prefix: this.prefix });
    this.queue.on("error", () => {});
    this.redlock = new Redlock([this.client], { retryCount: 0 });
    this.redlock.on("error", () => {});
    this.order = new KeyOrder(this.client, this.queue, this.prefix);
  }

  async enqueue(job: Job): Promise<void> {
    await this.enqueueAll([job]);
  }

  async enqueueAll(jobs: Job[]): Promise<void> {
    if (!jobs.length) return;
    const timeoutMs = this.options.enqueueTimeoutMs ?? 2_000;
    await withTimeout(this.store(jobs, performance.now() + timeoutMs), timeoutMs, "Redis did not answer");
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

  /**
   * Stores one delivery's jobs in three round trips whatever their number (the client
   * auto-pipelines): the redelivery marks (SET NX "pending", with a TTL) and their order ids
   * (one INCRBY); the fresh jobs (BullMQ adds, deduplication included); their places in their
   * keys' order with their marks confirmed. A mark still pending on a redelivery belongs to an
   * attempt that failed before BullMQ kept its job (and could not remove the mark: Redis went
   * away): the job is stored (one more round trip, on redeliveries only). At least once: a job
   * kept whose mark could not be confirmed may be stored again by a redelivery, never lost.
   */
  private async store(all: Job[], deadline: number): Promise<void> {
    // Monotonic: a wall clock stepped back must not keep a passed window open.
    const windowStart = performance.now();
    const unique = new Set<string>();
    const jobs: Job[] = [];
    const seen: string[] = [];
    for (const job of all) {
      const folded = job.delayMs ? coalescing(job) : undefined;
      if (folded && (this.windows.get(folded.id) ?? 0) > windowStart) continue;
      const mark = `${this.prefix}:delivery:${createHash("sha256").update(`${job.deliveryId}|${job.kind}|${job.key}`).digest("hex")}`;
      if (unique.has(mark)) continue; // the same job twice in one delivery
      unique.add(mark);
      jobs.push(job);
      seen.push(mark);
    }
    if (!jobs.length) return;
    await this.connected();
    // The delivery was answered 503 while Redis was away: its redelivery stores it, not this.
    if (performance.now() > deadline) throw new Error("Redis did not answer in time");
    const ttl = this.options.deliveryTtlS ?? 86_400;
    const [ids, ...marked] = await Promise.allSettled([
      this.order.nextIds(jobs.length),
      ...seen.map((key) => this.client.set(key, PENDING, "EX", ttl, "NX")),
    ]);
    // null: a redelivery; its job was stored unless its mark is still pending.
    const again = marked.flatMap((mark, i) =>
      mark.status === "fulfilled" && mark.value === null ? [i] : [],
    );
    const previous = again.length
      ? await Promise.allSettled(again.map((i) => this.settled(seen[i] as string, ttl, deadline)))
      : [];
    let failure: unknown = ids.status === "rejected" ? ids.reason : undefined;
    const fresh: Array<{ job: Job; jobId: string; seen: string }> = [];
    marked.forEach((mark, i) => {
      if (mark.status === "rejected") failure ??= mark.reason;
      else if (ids.status === "fulfilled") {
        const before = mark.value === null ? previous[again.indexOf(i)] : undefined;
        if (before?.status === "rejected") failure ??= before.reason;
        else if (mark.value !== null || before?.value === "fresh")
          fresh.push({ job: jobs[i] as Job, jobId: ids.value[i] as string, seen: seen[i] as string });
      }
    });
    if (failure) {
      if (fresh.length) await this.client.del(...fresh.map((f) => f.seen)).catch(() => {});
      throw failure;
    }
    if (!fresh.length) return;
    // One add each, not addBulk: auto-pipelined all the same, without building a Pipeline.
    const added = await Promise.allSettled(
      fresh.map(({ job, jobId }) => {
        const folded = coalescing(job);
        // A busy installation's jobs yield to the others' (BullMQ takes priority 0 first).
        const priority = this.shares.take(job.installationId);
        return this.queue.add(job.kind, folded?.job ?? job, {
          ...(priority ? { priority } : {}),
          jobId,
          attempts: this.retry.attempts,
          backoff: { type: "flightdeck" },
          removeOnComplete: true,
          removeOnFail: { count: this.options.maxFailed ?? 1_000 },
          ...(job.delayMs ? { delay: job.delayMs } : {}),
          ...(folded ? { deduplication: { id: folded.id, keepLastIfActive: true } } : {}),
        });
      }),
    );
    const keptBy = fresh.filter((_, i) => added[i]?.status === "fulfilled");
    const lost = fresh.filter((_, i) => added[i]?.status === "rejected");
    // Folded into a waiting job (another id): that one already holds its place in the key's order.
    const placed = fresh.flatMap(({ job, jobId }, i) => {
      const a = added[i];
      return a?.status === "fulfilled" && a.value.id === jobId ? [{ job, jobId }] : [];
    });
    for (const { job } of placed) {
      const folded = job.delayMs ? coalescing(job) : undefined;
      if (folded) this.remember(folded.id, windowStart + (job.delayMs as number) * 0.75);
    }
    // The jobs BullMQ kept are kept whatever happens next (a redelivery must not store them
    // again): their marks are confirmed, and a lost place in the order is not worth a 503.
    await Promise.allSettled([
      this.order.storedAll(placed.map(({ job, jobId }) => ({ key: job.key, id: jobId }))),
      ...keptBy.map((f) => this.client.set(f.seen, CONFIRMED, "EX", ttl)),
    ]);
    if (lost.length) {
      // Let GitHub's redelivery store them (a mark left pending does not stop it).
      await this.client.del(...lost.map((f) => f.seen)).catch(() => {});
      throw (added.find((a) => a.status === "rejected") as PromiseRejectedResult).reason;
    }
  }

  /**
   * The state of a redelivery mark this attempt did not set: "stored" (confirmed: drop the
   * job), or "fresh" (this attempt now holds it and stores the job) when the attempt that set it
   * gave it back or was abandoned (pending for longer than the enqueue timeout: it answered 503
   * and cannot clean up, Redis having gone away). An attempt still storing it (a concurrent
   * redelivery) is waited for, within this attempt's deadline.
   */
  private async settled(key: string, ttl: number, deadline: number): Promise<"stored" | "fresh"> {
    const timeoutMs = this.options.enqueueTimeoutMs ?? 2_000;
    for (;;) {
      const [value, left] = await Promise.all([this.client.get(key), this.client.pttl(key)]);
      if (value === null) {
        if ((await this.client.set(key, PENDING, "EX", ttl, "NX")) !== null) return "fresh";
        continue;
      }
      if (value !== PENDING) return "stored";
      // Rare enough not to need a compare-and-set: two redeliveries taking over one abandoned
      // mark at once may both store the job (at least once).
      if (left >= 0 && ttl * 1_000 - left >= timeoutMs) {
        await this.client.set(key, PENDING, "EX", ttl);
        return "fresh";
      }
      if (performance.now() + 20 > deadline)
        throw new Error("an earlier attempt of this delivery is still being stored");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Remembers a coalescing window; forgets the ones past when there are many (bounded memory). */
  private remember(id: string, until: number): void {
    if (this.windows.size >= 10_000) {
      const now = performance.now();
      for (const [key, end] of this.windows) if (end <= now) this.windows.delete(key);
      if (this.windows.size >= 10_000) this.windows.clear();
    }
    this.windows.set(id, until);
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

/** A redelivery mark whose job BullMQ has not kept yet, and one whose job it has. */
const PENDING = "p";
const CONFIRMED = "1";

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
