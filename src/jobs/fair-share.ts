/**
 * Fair shares between installations: how many jobs each stored recently, and the priority
 * that keeps a busy one from holding back the others' commands.
 *
 * Why: jobs are taken first in, first out, so 5,000 epic labels from one organization would
 * queue every other installation's `/flightdeck go` behind them. With shares, an installation
 * under `quota` jobs per window keeps priority 0 (taken first); above it, its new jobs get a
 * priority that grows with the excess (1 at up to 2× the quota, 2 at up to 4×…), so the quiet
 * ones overtake it while it still uses every slot nobody else wants (work-conserving).
 * BullMQ runs priority 0 first, then by number, first in first out within one number
 * (https://docs.bullmq.io/guide/jobs/prioritized). Per process: with several receivers each
 * counts its own share of the deliveries, which the load balancer spreads alike.
 */
export class FairShare {
  private current = new Map<number, number>();
  private previous = new Map<number, number>();
  private windowStart: number;

  /**
   * @param quota jobs per installation per window that keep priority 0 (default 200)
   * @param windowMs the counting window in ms (default 60,000); the previous window counts half
   */
  constructor(
    private readonly quota = 200,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  /**
   * Counts one job stored for `installationId` and returns its priority: 0 within the quota,
   * else ⌈log2(count / quota)⌉ (at most BullMQ's limit, 2,097,152).
   */
  take(installationId: number): number {
    this.roll();
    const count = (this.current.get(installationId) ?? 0) + 1;
    this.current.set(installationId, count);
    const recent = count + (this.previous.get(installationId) ?? 0) / 2;
    if (recent <= this.quota) return 0;
    return Math.min(2_097_152, Math.ceil(Math.log2(recent / this.quota)));
  }

  private roll(): void {
    const now = this.now();
    if (now - this.windowStart < this.windowMs) return;
    // A whole window without jobs forgets the older one too.
    this.previous = now - this.windowStart < 2 * this.windowMs ? this.current : new Map();
    this.current = new Map();
    this.windowStart = now;
  }
}

/**
 * First in, first out per group, groups taken in turn: the embedded queue's ready keys, grouped
 * by installation, so one installation's backlog waits behind each other installation's next
 * job rather than in front of all of them. O(1) per push and shift.
 */
export class RoundRobin<T> {
  private readonly groups = new Map<number, T[]>();
  private count = 0;

  push(group: number, item: T): void {
    this.count++;
    const list = this.groups.get(group);
    if (list) list.push(item);
    else this.groups.set(group, [item]);
  }

  /** The next item: the oldest of the group whose turn it is (that group then goes last). */
  shift(): T | undefined {
    for (const [group, list] of this.groups) {
      const item = list.shift();
      this.groups.delete(group);
      if (list.length) this.groups.set(group, list);
      if (item !== undefined) {
        this.count--;
        return item;
      }
    }
    return undefined;
  }

  /** Items waiting, in all groups. */
  get size(): number {
    return this.count;
  }
}
