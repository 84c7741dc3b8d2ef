import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { FairShare } from "./fair-share.js";
import type { Job } from "./job.js";
import type { KeyOrder } from "./key-order.js";
import type { RedisQueueOptions } from "./redis-queue.js";
import { coalescing } from "./registry.js";
import type { RetryPolicy } from "./retry.js";

/** What the store shares with its RedisQueue. */
export interface RedisJobStoreDeps {
  client: Redis;
  queue: Queue;
  order: KeyOrder;
  prefix: string;
  retry: RetryPolicy;
  options: Pick<RedisQueueOptions, "deliveryTtlS" | "enqueueTimeoutMs" | "maxFailed" | "fairShareQuota">;
  /** Resolves once the client is connected (RedisQueue waits for a reconnection). */
  connected: () => Promise<void>;
}

/**
 * The receiver's side of the Redis queue: stores a delivery's jobs exactly once (redelivery
 * marks, BullMQ adds with deduplication, each key's order), with fair-share priorities and the
 * coalescing windows that spare Redis the jobs it would fold anyway. See RedisQueue.
 */
export class RedisJobStore {
  /**
   * Coalescing identities of delayed jobs this process stored, with the time (monotonic clock)
   * until which they certainly have not started: their delay less a quarter, or less 250 ms
   * (SKEW_MS) — clocks of receivers and workers are assumed to agree that closely (NTP). A job folding into one of them is dropped here without a round trip:
   * Redis would fold it into the same waiting job.
   */
  private readonly windows = new Map<string, number>();
  private readonly shares: FairShare;
  /** Confirmations of stored jobs still on their way to Redis (the answer does not wait for them). */
  private readonly confirming = new Set<Promise<unknown>>();

  constructor(private readonly d: RedisJobStoreDeps) {
    this.shares = new FairShare(d.options.fairShareQuota);
  }

  /** Resolves once the confirmations sent so far have landed (or failed): before closing the connection. */
  async drain(): Promise<void> {
    await Promise.all([...this.confirming]);
  }

  /** Forgets every window: a lost connection may be a Redis restarted empty, or a failover. */
  forgetWindows(): void {
    this.windows.clear();
  }

  /**
   * Stores one delivery's jobs in two round trips whatever their number (the client
   * auto-pipelines): the redelivery marks (SET NX "pending", with a TTL) and their order ids
   * (one INCRBY); the fresh jobs (BullMQ adds, deduplication included). A third, which the
   * answer does not wait for, gives them their places in their keys' order, confirms their
   * marks and learns the windows of the delayed jobs they folded into. A mark still pending on
   * a redelivery belongs to an attempt that failed before BullMQ kept its job (and could not
   * remove the mark: Redis went away), or to a receiver that stopped before its confirmation
   * landed: the job is stored (one more round trip, on redeliveries only). At least once: a
   * job kept whose mark could not be confirmed may be stored again by a redelivery, never lost.
   */
  async store(all: Job[], deadline: number): Promise<void> {
    // Monotonic: a wall clock stepped back must not keep a passed window open.
    const windowStart = performance.now();
    const unique = new Set<string>();
    const jobs: Job[] = [];
    const seen: string[] = [];
    for (const job of all) {
      const folded = job.delayMs ? coalescing(job) : undefined;
      if (folded && (this.windows.get(folded.id) ?? 0) > windowStart) continue;
      const mark = `${this.d.prefix}:delivery:${createHash("sha256").update(`${job.deliveryId}|${job.kind}|${job.key}`).digest("hex")}`;
      if (unique.has(mark)) continue; // the same job twice in one delivery
      unique.add(mark);
      jobs.push(job);
      seen.push(mark);
    }
    if (!jobs.length) return;
    await this.d.connected();
    // The delivery was answered 503 while Redis was away: its redelivery stores it, not this.
    if (performance.now() > deadline) throw new Error("Redis did not answer in time");
    const ttl = this.d.options.deliveryTtlS ?? 86_400;
    const [ids, ...marked] = await Promise.allSettled([
      this.d.order.nextIds(jobs.length),
      ...seen.map((key) => this.d.client.set(key, PENDING, "EX", ttl, "NX")),
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
      if (fresh.length) await this.d.client.del(...fresh.map((f) => f.seen)).catch(() => {});
      throw failure;
    }
    if (!fresh.length) return;
    // One add each, not addBulk: auto-pipelined all the same, without building a Pipeline.
    const added = await Promise.allSettled(
      fresh.map(({ job, jobId }) => {
        const folded = coalescing(job);
        // A busy installation's jobs yield to the others' (BullMQ takes priority 0 first).
        const priority = this.shares.take(job.installationId);
        return this.d.queue.add(job.kind, folded?.job ?? job, {
          ...(priority ? { priority } : {}),
          jobId,
          attempts: this.d.retry.attempts,
          backoff: { type: "flightdeck" },
          removeOnComplete: true,
          removeOnFail: { count: this.d.options.maxFailed ?? 1_000 },
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
      const delay = job.delayMs as number;
      const until = windowStart + delay - margin(delay);
      if (folded && until > windowStart) this.remember(folded.id, until);
    }
    // Folded into a delayed job another process stored: its window is learned from Redis in
    // the round trip after the answer, so later events fold here too.
    const joined = fresh.flatMap(({ job, jobId }, i) => {
      const a = added[i];
      const folded = job.delayMs ? coalescing(job) : undefined;
      return a?.status === "fulfilled" && a.value.id !== jobId && a.value.id && folded
        ? [{ id: folded.id, into: a.value.id, delay: job.delayMs as number }]
        : [];
    });
    // The jobs BullMQ kept are kept whatever happens next (a redelivery must not store them
    // again): their marks are confirmed, and a lost place in the order is not worth a 503 —
    // so the answer does not wait for these (one round trip less per delivery). A receiver
    // dying before they land leaves a mark pending: a redelivery then stores the job again
    // after the enqueue timeout (at least once; jobs are idempotent). close() waits for them.
    const after = Promise.allSettled([
      this.d.order.storedAll(placed.map(({ job, jobId }) => ({ key: job.key, id: jobId }))),
      ...keptBy.map((f) => this.d.client.set(f.seen, CONFIRMED, "EX", ttl)),
      ...joined.map((j) => this.learnWindow(j.id, j.into, j.delay)),
    ]);
    this.confirming.add(after);
    void after.then(() => this.confirming.delete(after));
    if (lost.length) {
      await after;
      // Let GitHub's redelivery store them (a mark left pending does not stop it).
      await this.d.client.del(...lost.map((f) => f.seen)).catch(() => {});
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
    const timeoutMs = this.d.options.enqueueTimeoutMs ?? 2_000;
    for (;;) {
      const [value, left] = await Promise.all([this.d.client.get(key), this.d.client.pttl(key)]);
      if (value === null) {
        if ((await this.d.client.set(key, PENDING, "EX", ttl, "NX")) !== null) return "fresh";
        continue;
      }
      if (value !== PENDING) return "stored";
      // Rare enough not to need a compare-and-set: two redeliveries taking over one abandoned
      // mark at once may both store the job (at least once).
      if (left >= 0 && ttl * 1_000 - left >= timeoutMs) {
        await this.d.client.set(key, PENDING, "EX", ttl);
        return "fresh";
      }
      if (performance.now() + 20 > deadline)
        throw new Error("an earlier attempt of this delivery is still being stored");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Learns how long the job an event folded into (BullMQ job `into`) certainly has not started,
   * from what BullMQ keeps (bullmq 6's Lua scripts): a delayed job's score in the delayed set is
   * its start time × 0x1000 (plus a sequence number), by the clock of the process that delayed
   * it (the receiver that stored it, or a worker that moved it back for a busy key or a
   * backoff), and it starts then: the window closes the clock-skew margin before. Anything else
   * gives no window: a waiting job may start at once, and the next run stored while a job runs
   * (keepLastIfActive, the `…:dn:<id>` hash) waits its delay from a timestamp the finishing
   * worker took before its command reached Redis — by an unbounded time when that command was
   * held while its connection reconnected — so its start is not known until it is delayed (an
   * event folding into it then learns the window). Best effort: a failed read leaves no window
   * (the next event reaches Redis again).
   */
  private async learnWindow(id: string, into: string, delay: number): Promise<void> {
    const score = await this.d.client.zscore(this.d.queue.keys.delayed as string, into);
    if (score === null) return;
    // Left before it starts, by this receiver's wall clock; kept on the monotonic one.
    const left = Math.floor(Number(score) / 0x1000) - Date.now() - margin(delay);
    if (left > 0) this.remember(id, performance.now() + left);
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
}

/** How far the clocks of receivers and workers may differ, in ms: BullMQ starts a delayed job by the worker's clock. */
const SKEW_MS = 250;

/**
 * How much sooner than a delayed job's start its window closes, in ms: room for clock skew
 * between this receiver and the workers — a quarter of the delay, at least SKEW_MS (a delay no
 * longer than that is never skipped).
 */
const margin = (delayMs: number) => Math.max(delayMs / 4, SKEW_MS);

/** A redelivery mark whose job BullMQ has not kept yet, and one whose job it has. */
const PENDING = "p";
const CONFIRMED = "1";
