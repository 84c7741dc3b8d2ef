import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { flightdeckOctokitClass } from "../src/github/octokit.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import type { Job } from "../src/jobs/job.js";
import type { JobQueue } from "../src/jobs/queue.js";
import { RedisQueue } from "../src/jobs/redis-queue.js";
import { prEvent } from "./support/pr-webhooks.js";
import { startRedis } from "./support/redis.js";
import { INSTALLATION } from "./support/webhooks.js";

// Issue 8's burst: 20,000 `pull_request.synchronize` deliveries for 20 pull requests, received by
// the app's own handler, never hold more than one waiting gate evaluation per pull request — in
// memory (embedded) or in Redis — while a worker drains them. Time-bounded for CI on 2 cores.

const PULLS = 20;
const DELIVERIES = 20_000;
const BATCH = 500;

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** A receiver-only app (no workers: its jobs go to `queue`), as `FLIGHTDECK_WORKERS=0` runs it. */
async function receiver(queue: JobQueue) {
  const probot = new Probot({
    githubToken: "ghs_test",
    Octokit: flightdeckOctokitClass({ throttle: false }),
    logLevel: "fatal",
  });
  await probot.load(createApp({ secret: "s", appId: 1, queue, workers: false, sweepIntervalMs: 0 }));
  return probot;
}

const payloads = Array.from({ length: PULLS }, (_, i) => {
  const p = prEvent(
    "synchronize",
    { number: i + 1, headSha: "a".repeat(40), author: "dana" } as never,
    "dana",
  );
  return { ...p, installation: INSTALLATION };
});

async function burst(probot: Probot, waiting: () => Promise<number>) {
  let most = 0;
  const started = performance.now();
  for (let b = 0; b < DELIVERIES / BATCH; b++) {
    await Promise.all(
      Array.from({ length: BATCH }, (_, i) => {
        const k = b * BATCH + i;
        const payload = payloads[k % PULLS];
        return probot.receive({ id: `sync-${k}`, name: "pull_request", payload } as never);
      }),
    );
    most = Math.max(most, await waiting());
  }
  return { most, ms: performance.now() - started };
}

describe("a burst of 20,000 synchronize deliveries for 20 pull requests", () => {
  it("keeps ≤ 20 evaluations waiting in the embedded queue", async () => {
    const queue = new EmbeddedQueue({ concurrency: 4 });
    const probot = await receiver(queue);
    const ran: Job[] = [];
    queue.process(async (job) => {
      ran.push(job);
      await new Promise((r) => setTimeout(r, 2));
    });
    const { most, ms } = await burst(probot, async () => queue.pending);
    await queue.onIdle();
    console.log(
      `embedded burst: ${DELIVERIES} deliveries in ${Math.round(ms)} ms, at most ${most} queued, ${ran.length} evaluations`,
    );
    expect(most).toBeLessThanOrEqual(PULLS + 4); // one waiting per pull request, plus those running
    expect(ran.every((j) => j.kind === "gate")).toBe(true);
    expect(new Set(ran.map((j) => j.key)).size).toBe(PULLS);
    expect(ran.length).toBeLessThan(DELIVERIES / 10);
  }, 60_000);

  it("keeps ≤ 20 evaluations waiting in Redis while a separate worker drains them", async () => {
    const options = { url: redis.url, prefix: "burst", leaseMs: 1_000 };
    const queue = new RedisQueue(options);
    const worker = new RedisQueue({ ...options, concurrency: 4 });
    try {
      const probot = await receiver(queue);
      const ran: Job[] = [];
      worker.process(async (job) => {
        ran.push(job);
        await new Promise((r) => setTimeout(r, 2));
      });
      const { most, ms } = await burst(probot, async () => {
        const c = await queue.queueCounts();
        return c.wait + c.delayed + c.prioritized;
      });
      await queue.onIdle();
      console.log(
        `Redis burst: ${DELIVERIES} deliveries in ${Math.round(ms)} ms, at most ${most} waiting, ${ran.length} evaluations`,
      );
      expect(most).toBeLessThanOrEqual(PULLS);
      expect(new Set(ran.map((j) => j.key)).size).toBe(PULLS);
      expect(ran.length).toBeLessThan(DELIVERIES / 10);
    } finally {
      await worker.close();
      await queue.close();
    }
  }, 90_000);
});
