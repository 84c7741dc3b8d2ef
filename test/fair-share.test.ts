import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import { FairShare, RoundRobin } from "../src/jobs/fair-share.js";
import type { Job } from "../src/jobs/job.js";
import { RedisQueue } from "../src/jobs/redis-queue.js";
import { startRedis } from "./support/redis.js";

const repo = { owner: "acme", repo: "shop", defaultBranch: "main" };
/** A job that never coalesces, of `installationId`, on its own key. */
const launch = (installationId: number, i: number): Job => ({
  kind: "launch",
  key: `i${installationId}/shop#${i}`,
  installationId,
  deliveryId: `d-${installationId}-${i}`,
  data: { ...repo, issue: i, sender: "rita", commentId: i, args: "v1" },
});

describe("fair shares between installations", () => {
  it("keeps priority 0 within the quota, then lowers a busy installation's jobs as its excess grows", () => {
    let now = 0;
    const shares = new FairShare(10, 60_000, () => now);
    const a = Array.from({ length: 45 }, () => shares.take(1));
    expect(a.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(a.slice(10, 20)).toEqual(Array(10).fill(1)); // up to 2× the quota
    expect(a.slice(20, 40)).toEqual(Array(20).fill(2)); // up to 4×
    expect(a[44]).toBe(3);
    expect(shares.take(2)).toBe(0); // another installation is not affected
    now = 61_000; // next window: the previous one counts half (45 / 2 + 1 > 10)
    expect(shares.take(1)).toBe(2);
    now = 200_000; // a whole quiet window: forgotten
    expect(shares.take(1)).toBe(0);
  });

  it("takes groups in turn, first in first out within one", () => {
    const rr = new RoundRobin<string>();
    for (const item of ["a1", "a2", "a3"]) rr.push(1, item);
    rr.push(2, "b1");
    rr.push(3, "c1");
    expect(rr.size).toBe(5);
    expect([rr.shift(), rr.shift(), rr.shift(), rr.shift(), rr.shift(), rr.shift()]).toEqual([
      "a1",
      "b1",
      "c1",
      "a2",
      "a3",
      undefined,
    ]);
  });

  it("embedded: another installation's job runs next, not after a busy installation's backlog", async () => {
    const queue = new EmbeddedQueue({ concurrency: 1 });
    const ran: string[] = [];
    for (let i = 0; i < 20; i++) await queue.enqueue(launch(1, i));
    await queue.enqueue(launch(2, 0));
    queue.process(async (job) => {
      ran.push(`${job.installationId}`);
      await new Promise((r) => setTimeout(r, 1));
    });
    await queue.onIdle();
    expect(ran.indexOf("2")).toBe(1);
  });

  describe("on Redis", () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    const queues: RedisQueue[] = [];
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await Promise.all(queues.map((q) => q.close()));
      await redis.stop();
    });

    it("a busy installation's jobs yield to another's command", async () => {
      const options = { url: redis.url, prefix: "fair", leaseMs: 1_000, fairShareQuota: 5 };
      const receiver = new RedisQueue(options);
      const worker = new RedisQueue({ ...options, concurrency: 1 });
      queues.push(receiver, worker);
      for (let i = 0; i < 40; i++) await receiver.enqueue(launch(1, i));
      await receiver.enqueue(launch(2, 0));
      const ran: string[] = [];
      worker.process(async (job) => {
        ran.push(`${job.installationId}`);
      });
      await receiver.onIdle();
      expect(ran).toHaveLength(41);
      // Installation 1's first 5 jobs had priority 0; its others wait behind installation 2's.
      expect(ran.indexOf("2")).toBeLessThanOrEqual(5);
    });
  });
});
