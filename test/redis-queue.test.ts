import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import type { Job } from "../src/jobs/job.js";
import { RedisQueue } from "../src/jobs/redis-queue.js";
import { startRedis } from "./support/redis.js";

type RedisServer = Awaited<ReturnType<typeof startRedis>>;
const repo = { owner: "acme", repo: "shop", defaultBranch: "main" };
const gateJob = (pull: number, sha: string): Job => ({
  kind: "gate",
  key: `acme/shop!${pull}`,
  installationId: 1,
  deliveryId: `d-${pull}-${sha}`,
  data: { ...repo, pull, head: { sha, author: "dana", url: "u" } },
});
const launchJob = (key: string, deliveryId: string): Job => ({
  kind: "launch",
  key,
  installationId: 1,
  deliveryId,
  data: { ...repo, issue: 1, sender: "rita", commentId: 1, args: "v1" },
});

let redis: RedisServer;
let n = 0;
const queues: RedisQueue[] = [];
const newQueue = (prefix: string, options: Partial<ConstructorParameters<typeof RedisQueue>[0]> = {}) => {
  const q = new RedisQueue({
    url: redis.url,
    prefix,
    leaseMs: 1_000,
    retry: { attempts: 3, backoffMs: 20 },
    ...options,
  });
  queues.push(q);
  return q;
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await redis.stop();
});

describe("Redis job queue", () => {
  // The 20,000-delivery burst, through the webhook handler: test/burst.test.ts.
  it("drops redeliveries and folds a burst into one waiting evaluation per pull request", async () => {
    const prefix = `t${n++}`;
    const receiver = newQueue(prefix);
    for (let i = 0; i < 3; i++) await receiver.enqueue(launchJob("acme/shop@launch", "same-delivery"));
    for (let i = 0; i < 500; i++) await receiver.enqueue(gateJob((i % 5) + 1, `s${i}`));
    expect(await receiver.depth()).toBe(1 + 5);
    const ran: Job[] = [];
    const worker = newQueue(prefix);
    worker.process(async (job) => {
      ran.push(job);
    });
    await receiver.onIdle();
    expect(ran.filter((j) => j.kind === "launch")).toHaveLength(1);
    const gates = ran.filter((j) => j.kind === "gate");
    expect(gates.map((j) => j.key).sort()).toEqual([1, 2, 3, 4, 5].map((p) => `acme/shop!${p}`));
    // A folded evaluation reads the newest head from GitHub rather than an old payload's.
    expect(gates.every((j) => j.kind === "gate" && j.data.head === undefined)).toBe(true);
  });

  it("folds a repository's sweeps and readiness evidence into one waiting job each, keeping nothing out", async () => {
    const prefix = `t${n++}`;
    const receiver = newQueue(prefix);
    // One delivery's jobs stored together (EventRouter), 300 deliveries, then a redelivery of one.
    const delivery = (i: number): Job[] => [
      {
        kind: "deployment.sweep",
        key: "acme/shop@deployments",
        installationId: 1,
        deliveryId: `e${i}`,
        data: { ...repo, labels: [`l${i}`] },
      },
      {
        kind: "release.evidence",
        key: "acme/shop@release-evidence",
        installationId: 1,
        deliveryId: `e${i}`,
        data: { ...repo, shas: [`s${i}`] },
      },
    ];
    for (let i = 0; i < 300; i++) await receiver.enqueueAll(delivery(i));
    await receiver.enqueueAll(delivery(7));
    expect(await receiver.depth()).toBe(2);
    const ran: Job[] = [];
    newQueue(prefix).process(async (job) => {
      ran.push(job);
    });
    await receiver.onIdle();
    expect(ran.map((j) => j.kind).sort()).toEqual(["deployment.sweep", "release.evidence"]);
    // The first-wins store cannot unite labels or commits: the folded jobs cover everything.
    expect(ran.find((j) => j.kind === "deployment.sweep")?.data).toEqual(repo);
    expect(ran.find((j) => j.kind === "release.evidence")?.data).toEqual({ ...repo, all: true });
  });

  it("keeps a delivery's stored jobs when another of its jobs fails: the redelivery stores only the lost one", async () => {
    const prefix = `t${n++}`;
    const receiver = newQueue(prefix);
    const kept = launchJob("acme/shop#1", "partial");
    const circular: Record<string, unknown> = { ...repo };
    circular.self = circular; // cannot be serialized: BullMQ's add rejects it
    const broken = { ...launchJob("acme/shop#2", "partial"), data: circular } as unknown as Job;
    await expect(receiver.enqueueAll([kept, broken])).rejects.toThrow(/circular/i);
    await receiver.enqueueAll([kept, launchJob("acme/shop#2", "partial")]);
    const ran: Job[] = [];
    newQueue(prefix).process(async (job) => {
      ran.push(job);
    });
    await receiver.onIdle();
    expect(ran.map((j) => j.key).sort()).toEqual(["acme/shop#1", "acme/shop#2"]);
  });

  it("lands the confirmations that follow the answer before closing", async () => {
    const prefix = `t${n++}`;
    const receiver = new RedisQueue({ url: redis.url, prefix, leaseMs: 1_000 });
    await receiver.enqueueAll([launchJob("acme/shop#3", "closing")]);
    await receiver.close(); // at once: the mark's confirmation is still on its way
    const reader = newQueue(prefix);
    const { Redis } = await import("ioredis");
    const client = new Redis(redis.url);
    try {
      const marks = await client.keys(`${prefix}:delivery:*`);
      expect(marks).toHaveLength(1);
      expect(await client.get(marks[0] as string)).toBe("1"); // confirmed, not pending
    } finally {
      client.disconnect();
    }
    // A redelivery is dropped at once (a pending mark would hold it, then store it again).
    await reader.enqueueAll([launchJob("acme/shop#3", "closing")]);
    expect(await reader.depth()).toBe(1);
  });

  it("runs one key's jobs one at a time across processes, others alongside", async () => {
    const prefix = `t${n++}`;
    const a = newQueue(prefix);
    const b = newQueue(prefix);
    const running = new Map<string, number>();
    let overlap = 0;
    let parallel = 0;
    let maxParallel = 0;
    const run = async (job: Job) => {
      const now = (running.get(job.key) ?? 0) + 1;
      running.set(job.key, now);
      parallel++;
      maxParallel = Math.max(maxParallel, parallel);
      if (now > 1) overlap++;
      await new Promise((r) => setTimeout(r, 30));
      running.set(job.key, now - 1);
      parallel--;
    };
    a.process(run);
    b.process(run);
    for (let i = 0; i < 6; i++) await a.enqueue(launchJob(`k${i % 2}`, `d${i}`));
    await a.onIdle();
    expect(overlap).toBe(0);
    expect(maxParallel).toBe(2);
  });

  it("runs one key's jobs in the order they were stored, across workers, even past a retry", async () => {
    const prefix = `t${n++}`;
    const receiver = newQueue(prefix);
    const ran: string[] = [];
    let failedOnce = false;
    const run = async (job: Job) => {
      // The third job fails once (a transient 502): the ones after it wait for its retry.
      if (job.deliveryId === "c2" && !failedOnce) {
        failedOnce = true;
        throw Object.assign(new Error("Bad gateway"), { status: 502 });
      }
      ran.push(job.deliveryId);
      await new Promise((r) => setTimeout(r, 5));
    };
    // Stored first, so that two workers with 4 slots each take them all at once.
    for (let i = 0; i < 12; i++) await receiver.enqueue(launchJob("acme/shop#9", `c${i}`));
    newQueue(prefix, { concurrency: 4 }).process(run);
    newQueue(prefix, { concurrency: 4 }).process(run);
    await receiver.onIdle();
    expect(failedOnce).toBe(true);
    expect(ran).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`));
  }, 30_000);

  it("repeats a job once per period however many instances schedule it (a BullMQ job scheduler)", async () => {
    const prefix = `t${n++}`;
    const tick: Job = {
      kind: "deployment.timer",
      key: "app@deployment-timer",
      installationId: 0,
      deliveryId: "timer",
      data: {},
    };
    // Three instances (two receivers, one worker) each schedule the timer, as createApp does.
    const stops = [newQueue(prefix), newQueue(prefix), newQueue(prefix)].map((q) => q.repeat(tick, 400));
    const worker = newQueue(prefix);
    const runs: number[] = [];
    worker.process(async (job) => {
      if (job.kind === "deployment.timer") runs.push(Date.now());
    });
    await new Promise((r) => setTimeout(r, 2_200));
    for (const stop of stops) stop();
    // ≈ 5 periods in 2.2 s: one tick each, not three.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(7);
  });

  it("retries transient failures, keeps permanent and exhausted ones as failed", async () => {
    const prefix = `t${n++}`;
    const q = newQueue(prefix);
    const attempts = new Map<string, number>();
    q.process(async (job) => {
      const count = (attempts.get(job.deliveryId) ?? 0) + 1;
      attempts.set(job.deliveryId, count);
      if (job.deliveryId === "flaky" && count < 2)
        throw Object.assign(new Error("Bad gateway"), { status: 502 });
      if (job.deliveryId === "down") throw Object.assign(new Error("Service unavailable"), { status: 503 });
      if (job.deliveryId === "denied") throw Object.assign(new Error("Not Found"), { status: 404 });
    });
    for (const id of ["flaky", "down", "denied"]) await q.enqueue(launchJob(`k-${id}`, id));
    await q.onIdle();
    expect(Object.fromEntries(attempts)).toEqual({ flaky: 2, down: 3, denied: 1 });
    const failed = (await q.failed()).map((f) => `${f.job.deliveryId}: ${f.error}`).sort();
    expect(failed).toEqual(["denied: Not Found", "down: Service unavailable"]);
    // …and people see them with `flightdeck jobs failed`.
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
      readStdin: async () => "",
    };
    const env = { REDIS_URL: `${redis.url}`, FLIGHTDECK_QUEUE_PREFIX: prefix };
    expect(await runCli(["jobs", "failed"], { ...io, env, now: () => new Date() })).toBe(0);
    expect(out.join("\n")).toMatch(
      /launch {2}k-down {2}delivery down {2}after 3 attempts: Service unavailable/,
    );
  });

  it("refuses jobs while Redis is down (so the receiver answers 503) and recovers when it returns", async () => {
    const prefix = `t${n++}`;
    const q = newQueue(prefix, { enqueueTimeoutMs: 500 });
    expect(await q.healthy()).toBe(true);
    await redis.stop();
    expect(await q.healthy()).toBe(false);
    await expect(q.enqueue(launchJob("k", "while-down"))).rejects.toThrow();
    await redis.start();
    for (let i = 0; i < 100 && !(await q.healthy()); i++) await new Promise((r) => setTimeout(r, 50));
    await q.enqueue(launchJob("k", "while-down"));
    const ran: string[] = [];
    q.process(async (job) => {
      ran.push(job.deliveryId);
    });
    await q.onIdle();
    expect(ran).toEqual(["while-down"]);
  });
});
