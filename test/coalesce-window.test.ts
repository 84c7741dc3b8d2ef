import { Redis } from "ioredis";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import type { Job } from "../src/jobs/job.js";
import { RedisQueue } from "../src/jobs/redis-queue.js";
import { coalescing } from "../src/jobs/registry.js";
import { appOptionsFromEnv, DEFAULT_COALESCE_MS } from "../src/runtime.js";
import { appHarness, TEAM_CONFIG } from "./support/app-harness.js";
import { prEvent } from "./support/pr-webhooks.js";
import { startRedis } from "./support/redis.js";
import { commentCreated, INSTALLATION as installation, WORLD } from "./support/webhooks.js";

const repo = { owner: "acme", repo: "shop", defaultBranch: "main" };
const gateJob = (i: number, delayMs: number): Job => ({
  kind: "gate",
  key: "acme/shop!1",
  installationId: 1,
  deliveryId: `w-${i}`,
  data: { ...repo, pull: 1, head: { sha: `s${i}`, author: "dana", url: "u" } },
  delayMs,
});
const quiet = { warn: () => {} };

let redis: Awaited<ReturnType<typeof startRedis>>;
const closers: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const close of closers) await close();
  await redis.stop();
});

/**
 * Redis queues on one key prefix (`queue()` makes one more: a receiver or a worker process) and
 * `marks()`, read with a plain client; all closed after the tests, queues first.
 */
function onRedis(prefix: string) {
  const client = new Redis(redis.url);
  const queue = () => {
    const q = new RedisQueue({ url: redis.url, prefix, leaseMs: 1_000 });
    closers.unshift(() => q.close());
    return q;
  };
  closers.push(async () => client.disconnect());
  /** The redelivery marks stored: one per delivery that reached Redis. */
  const marks = () => client.keys(`${prefix}:delivery:*`);
  return { queue, marks };
}

describe("coalescing window", () => {
  it("delays evidence jobs queued by webhooks, never commands", async () => {
    class Recording extends EmbeddedQueue {
      readonly jobs: Job[] = [];
      override async enqueueAll(jobs: Job[]): Promise<void> {
        this.jobs.push(...jobs);
      }
    }
    const queue = new Recording();
    const probot = new Probot({ githubToken: "ghs_test", logLevel: "fatal" });
    await probot.load(
      createApp({ secret: "s", appId: 1, queue, workers: false, sweepIntervalMs: 0, coalesceWindowMs: 750 }),
    );
    const pr = { number: 3, headSha: "a".repeat(40), author: "dana" };
    await probot.receive({
      id: "p",
      name: "pull_request",
      payload: { ...prEvent("synchronize", pr, "dana", "c".repeat(40)), installation },
    } as never);
    const epic = { number: 5, body: "## Tasks\n- [ ] one", labels: [] };
    await probot.receive({
      id: "c",
      name: "issue_comment",
      payload: { ...commentCreated(epic, "/flightdeck apply", WORLD.maintainer), installation },
    } as never);
    expect(queue.jobs.map((j) => [j.kind, j.delayMs])).toEqual([
      ["gate", 750],
      ["epic.command", undefined],
    ]);
  });

  it("is 1 s unless FLIGHTDECK_COALESCE_MS says otherwise, and refuses a malformed value", () => {
    const env = { APP_ID: "1", WEBHOOK_SECRET: "s" };
    expect(appOptionsFromEnv(env, quiet).coalesceWindowMs).toBe(DEFAULT_COALESCE_MS);
    expect(DEFAULT_COALESCE_MS).toBe(1_000);
    expect(appOptionsFromEnv({ ...env, FLIGHTDECK_COALESCE_MS: "0" }, quiet).coalesceWindowMs).toBe(0);
    expect(() => appOptionsFromEnv({ ...env, FLIGHTDECK_COALESCE_MS: "1s" }, quiet)).toThrow(
      'FLIGHTDECK_COALESCE_MS must be 0 or a positive integer (ms), got "1s"',
    );
  });

  it("on Redis, drops jobs folding into a delayed one this receiver stored, without a round trip, and loses no later event", async () => {
    const { queue, marks } = onRedis("window");
    const [receiver, worker] = [queue(), queue()];
    for (let i = 0; i < 200; i++) await receiver.enqueueAll([gateJob(i, 1_000)]);
    // Only the first reached Redis: one redelivery mark, one waiting (delayed) evaluation.
    expect(await marks()).toHaveLength(1);
    expect(await receiver.queueCounts()).toMatchObject({ delayed: 1, wait: 0 });
    const ran: Job[] = [];
    worker.process(async (job) => {
      ran.push(job);
    });
    await receiver.onIdle();
    expect(ran).toHaveLength(1);
    // After the window the evaluation has run: the next event is stored and runs again.
    await new Promise((r) => setTimeout(r, 350));
    await receiver.enqueueAll([gateJob(200, 50)]);
    expect(await marks()).toHaveLength(2);
    await receiver.onIdle();
    expect(ran).toHaveLength(2);
  });
});

describe("coalescing windows learned from Redis", () => {
  it("a receiver folding into a delayed job another receiver stored drops the next events without a round trip", async () => {
    const { queue, marks } = onRedis("learned");
    const [a, b, worker] = [queue(), queue(), queue()];
    await a.enqueueAll([gateJob(0, 1_500)]);
    // B's first event folds into A's job (a round trip), and B learns when that job starts
    // (after answering: the next events are let through until it knows).
    await b.enqueueAll([gateJob(1, 1_500)]);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 2; i <= 100; i++) await b.enqueueAll([gateJob(i, 1_500)]);
    expect(await marks()).toHaveLength(2);
    expect(await a.queueCounts()).toMatchObject({ delayed: 1, wait: 0 });
    const ran: Job[] = [];
    worker.process(async (job) => {
      ran.push(job);
    });
    await b.onIdle();
    expect(ran).toHaveLength(1);
    // The window closed before the job started: the next event is stored and runs again.
    await b.enqueueAll([gateJob(101, 50)]);
    expect(await marks()).toHaveLength(3);
    await b.onIdle();
    expect(ran).toHaveLength(2);
  });

  it("events folding into the next run of a running job reach Redis until that run is delayed, then fold without a round trip", async () => {
    const { queue, marks } = onRedis("learned-next");
    const [receiver, worker] = [queue(), queue()];
    let release: () => void = () => {};
    const running = new Promise<void>((r) => {
      release = r;
    });
    const ran: string[] = [];
    let started: () => void = () => {};
    const first = new Promise<void>((r) => {
      started = r;
    });
    worker.process(async (job) => {
      ran.push(job.deliveryId);
      if (ran.length === 1) {
        started();
        await running;
      }
    });
    await receiver.enqueueAll([gateJob(0, 300)]);
    await first; // the first evaluation is running (its window has passed)
    // The next run's start is not known while it runs: the finishing worker's timestamp
    // decides it, however late its command reaches Redis. Every event is stored.
    for (let i = 1; i <= 5; i++) {
      await receiver.enqueueAll([gateJob(i, 1_500)]);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await marks()).toHaveLength(6);
    release();
    await vi.waitFor(async () => expect((await worker.queueCounts()).delayed).toBe(1), {
      timeout: 5_000,
      interval: 20,
    });
    // Now the next run is delayed: one event learns when it starts, the later ones fold here.
    await receiver.enqueueAll([gateJob(6, 1_500)]);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 7; i <= 30; i++) await receiver.enqueueAll([gateJob(i, 1_500)]);
    expect(await marks()).toHaveLength(7);
    await receiver.onIdle();
    // The events that came while it ran are seen by one more run, after them.
    expect(ran).toHaveLength(2);
    expect(ran[0]).toBe("w-0");
  });
});

describe("jobs folded by a first-wins store (Redis)", () => {
  it("plans the issue's current text when the folded epic.labeled and /flightdeck plan carry none", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    const repoRef = { owner: WORLD.owner, repo: WORLD.repo, defaultBranch: "main" };
    const labeled: Job = {
      kind: "epic.labeled",
      key: `${WORLD.owner}/${WORLD.repo}#${h.epic.number}`,
      installationId: 7,
      deliveryId: "folded",
      data: {
        ...repoRef,
        epic: h.epic.number,
        title: "stale",
        body: "- [ ] stale",
        label: "epic",
        sender: WORLD.maintainer,
      },
    };
    const stored = coalescing(labeled)?.job as Job;
    expect(stored.data).not.toHaveProperty("body");
    await h.queue.enqueue(stored);
    await h.settle();
    expect(h.preview()?.body).toContain(`## 🛫 Flightdeck plan for #${h.epic.number}: 12 tasks, 27 h`);
    const command: Job = {
      kind: "epic.command",
      key: labeled.key,
      installationId: 7,
      deliveryId: "folded-plan",
      data: {
        ...repoRef,
        epic: h.epic.number,
        body: "- [ ] stale",
        labels: ["epic"],
        sender: WORLD.maintainer,
        commentId: 901,
        command: "plan",
      },
    };
    const folded = coalescing(command)?.job as Job;
    expect(folded.data).not.toHaveProperty("body");
    await h.queue.enqueue(folded);
    await h.settle();
    expect(await h.queue.failed()).toEqual([]);
    expect(h.preview()?.body).toContain(`## 🛫 Flightdeck plan for #${h.epic.number}: 12 tasks, 27 h`);
    h.done();
  });
});
