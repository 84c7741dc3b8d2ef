import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

/**
 * First-in, first-out per job key on Redis, next to BullMQ (whose open-source queue orders jobs
 * globally, not per key; a job that finds its key busy is delayed and may overtake others):
 * - every stored job gets an id `o<n>` from one counter (`<prefix>:order`, INCR), so ids say
 *   which of two jobs was stored first;
 * - each key keeps a sorted set `<prefix>:order:<key>` of its jobs not yet finished (score n);
 * - a worker holding the key's lease runs a job only when no older member is still waiting,
 *   delayed or backing off before a retry; members whose job is gone, completed or failed are
 *   dropped as they are met (a job failed by BullMQ's stalled-job check, a lost update), so a
 *   stale member never blocks a key.
 * Order is that of stored jobs: a delivery acknowledged before another was received runs first;
 * two deliveries stored at the same moment on two receivers have no order to keep. Coalesced
 * jobs keep the place of the job they were folded into.
 */
export class KeyOrder {
  constructor(
    private readonly client: Redis,
    private readonly queue: Queue,
    private readonly prefix: string,
  ) {}

  /** BullMQ job ids `o<n>` (n increasing) for `count` jobs stored together, in one round trip (INCRBY), in increasing order. */
  async nextIds(count: number): Promise<string[]> {
    const last = await this.client.incrby(`${this.prefix}:order`, count);
    return Array.from({ length: count }, (_, i) => `o${last - count + 1 + i}`);
  }

  /** Records a stored job in its key's order (after BullMQ kept it). */
  async stored(key: string, id: string): Promise<void> {
    await this.storedAll([{ key, id }]);
  }

  /** Records stored jobs in their keys' order (one round trip on an auto-pipelining client). */
  async storedAll(jobs: Array<{ key: string; id: string }>): Promise<void> {
    await Promise.all(
      jobs.flatMap(({ key, id }) => {
        const score = rank(id);
        return score === undefined ? [] : [this.client.zadd(this.keyOf(key), score, id)];
      }),
    );
  }

  /** True when an older job of `key` than `id` has not finished yet (so `id` must wait). */
  async olderWaiting(key: string, id: string): Promise<boolean> {
    const n = rank(id);
    if (n === undefined) return false; // a job from before ordered ids: exclusion only
    for (;;) {
      const older = await this.client.zrangebyscore(this.keyOf(key), "-inf", `(${n}`, "LIMIT", 0, 20);
      if (!older.length) return false;
      for (const other of older) {
        const state = await this.queue.getJobState(other);
        if (state !== "unknown" && state !== "completed" && state !== "failed") return true;
        await this.client.zrem(this.keyOf(key), other);
      }
    }
  }

  /** Removes a finished job (completed, or kept as failed) from its key's order. */
  async done(key: string, id: string): Promise<void> {
    await this.client.zrem(this.keyOf(key), id);
  }

  private keyOf(key: string): string {
    return `${this.prefix}:order:${key}`;
  }
}

function rank(id: string): number | undefined {
  const match = /^o(\d+)$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
