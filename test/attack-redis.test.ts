import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Job } from "../src/jobs/job.js";
import { RedisQueue } from "../src/jobs/redis-queue.js";
import { startRedis } from "./support/redis.js";

type RedisServer = Awaited<ReturnType<typeof startRedis>>;
const repo = { owner: "acme", repo: "shop", defaultBranch: "main" };
const launchJob = (deliveryId: string): Job => ({
  kind: "launch",
  key: "acme/shop@launch",
  installationId: 1,
  deliveryId,
  data: { ...repo, issue: 1, sender: "rita", commentId: 1, args: "v1" },
});
const commandJob = (deliveryId: string): Job => ({
  kind: "gate.command",
  key: "acme/shop!7",
  installationId: 1,
  deliveryId,
  data: { gate: { ...repo, pull: 7 }, sender: "rita", commentId: 9 },
});
const gateJob = (deliveryId: string, delayMs: number): Job => ({
  kind: "gate",
  key: "acme/shop!8",
  installationId: 1,
  deliveryId,
  data: { ...repo, pull: 8 },
  delayMs,
});

let redis: RedisServer;
let n = 0;
const queues: RedisQueue[] = [];
const newQueue = (prefix: string, enqueueTimeoutMs?: number) => {
  const q = new RedisQueue({
    url: redis.url,
    prefix,
    leaseMs: 1_000,
    retry: { attempts: 3, backoffMs: 20 },
    ...(enqueueTimeoutMs ? { enqueueTimeoutMs } : {}),
  });
  queues.push(q);
  return q;
};
/** The queue's BullMQ Queue, and the connection of Flightdeck's own commands (marks, key order). */
const internals = (q: RedisQueue) => {
  const inside = q as unknown as { queue: Queue; plain: Redis };
  return { queue: inside.queue, client: inside.plain };
};
/** Jobs of `kind` stored and not yet run. */
async function stored(q: RedisQueue, kind: string): Promise<number> {
  const jobs = await internals(q).queue.getJobs(["wait", "delayed", "prioritized", "active"]);
  return jobs.filter((j) => j?.name === kind).length;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await redis.stop();
});

describe("Redis enqueueAll after a partial failure", () => {
  it("a redelivery does not store twice a job that the failed attempt already kept (one add failed)", async () => {
    const receiver = newQueue(`a${n++}`);
    const bull = internals(receiver).queue;
    const add = bull.add.bind(bull);
    let failCommand = true;
    vi.spyOn(bull, "add").mockImplementation(async (name, data, opts) => {
      if (failCommand && name === "gate.command") throw new Error("OOM command not allowed");
      return add(name, data, opts);
    });
    const delivery = [launchJob("D1"), commandJob("D1")];
    await expect(receiver.enqueueAll(delivery)).rejects.toThrow(/OOM/);
    // The launch was kept; the command was not.
    expect(await stored(receiver, "launch")).toBe(1);
    expect(await stored(receiver, "gate.command")).toBe(0);
    failCommand = false;
    await receiver.enqueueAll(delivery); // GitHub's redelivery (503 was answered)
    expect(await stored(receiver, "gate.command")).toBe(1);
    expect(await stored(receiver, "launch")).toBe(1); // not a second launch
  });

  it("keeps jobs whose order could not be recorded, and a redelivery does not store them twice", async () => {
    const receiver = newQueue(`a${n++}`);
    const client = internals(receiver).client;
    const zadd = client.zadd.bind(client);
    let fail = true;
    vi.spyOn(client, "zadd").mockImplementation(((...args: Parameters<typeof zadd>) => {
      if (fail) return Promise.reject(new Error("READONLY You can't write against a read only replica."));
      return zadd(...args);
    }) as typeof zadd);
    const delivery = [launchJob("D2")];
    await receiver.enqueueAll(delivery); // kept: acknowledged
    expect(await stored(receiver, "launch")).toBe(1);
    fail = false;
    await receiver.enqueueAll(delivery);
    expect(await stored(receiver, "launch")).toBe(1);
  });
});

describe("Redis enqueueAll when Redis goes away mid-store", () => {
  it("a redelivery stores the job whose add failed even when its redelivery mark could not be removed", async () => {
    const receiver = newQueue(`a${n++}`, 200);
    const { queue: bull, client } = internals(receiver);
    const add = bull.add.bind(bull);
    const del = client.del.bind(client);
    let away = true;
    // The connection drops after the marks were set: the add fails, and so does the clean-up.
    vi.spyOn(bull, "add").mockImplementation(async (name, data, opts) => {
      if (away) throw new Error("Connection is closed.");
      return add(name, data, opts);
    });
    vi.spyOn(client, "del").mockImplementation(((...keys: Parameters<typeof del>) => {
      if (away) return Promise.reject(new Error("Connection is closed."));
      return del(...keys);
    }) as typeof del);
    const delivery = [commandJob("D3")];
    await expect(receiver.enqueueAll(delivery)).rejects.toThrow(/closed/); // 503
    away = false;
    // At once, the first attempt might still be storing it: 503 again rather than a drop.
    await expect(receiver.enqueueAll(delivery)).rejects.toThrow(/still being stored/);
    await new Promise((r) => setTimeout(r, 250)); // that attempt has surely given up (answered 503)
    await receiver.enqueueAll(delivery); // GitHub's redelivery, answered 2xx
    expect(await stored(receiver, "gate.command")).toBe(1);
    await receiver.enqueueAll(delivery); // and the next one is dropped
    expect(await stored(receiver, "gate.command")).toBe(1);
  });
});

describe("Redis coalescing window", () => {
  it("does not drop events for a window that has passed when the wall clock steps back", async () => {
    const prefix = `a${n++}`;
    const receiver = newQueue(prefix);
    const ran: Job[] = [];
    receiver.process(async (job) => {
      ran.push(job);
    });
    await receiver.enqueueAll([gateJob("E1", 100)]);
    await receiver.onIdle();
    expect(ran).toHaveLength(1);
    // NTP steps the clock back one minute (a VM resumed, a bad time source corrected).
    const realNow = Date.now.bind(Date);
    const spy = vi.spyOn(Date, "now").mockImplementation(() => realNow() - 60_000);
    await receiver.enqueueAll([gateJob("E2", 100)]); // new evidence after the evaluation ran
    spy.mockRestore();
    await new Promise((r) => setTimeout(r, 50));
    await receiver.onIdle();
    expect(ran).toHaveLength(2);
  });
});

describe("Redis coalescing window across a Redis restart", () => {
  it("stores the next event when the delayed job it would fold into was lost with Redis's data", async () => {
    const own = await startRedis();
    const receiver = new RedisQueue({ url: own.url, prefix: "restart", leaseMs: 1_000 });
    try {
      await receiver.enqueueAll([gateJob("R1", 5_000)]);
      expect(await receiver.queueCounts()).toMatchObject({ delayed: 1 });
      // Redis restarts without persistence (or fails over to a replica behind): the job is gone.
      await own.stop();
      await own.start();
      const deadline = Date.now() + 5_000;
      while (!(await receiver.healthy()) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(await receiver.queueCounts()).toMatchObject({ delayed: 0 });
      // New evidence, acknowledged 2xx: it must be kept, there is no waiting job to cover it.
      await receiver.enqueueAll([gateJob("R2", 5_000)]);
      expect(await receiver.queueCounts()).toMatchObject({ delayed: 1 });
    } finally {
      await receiver.close();
      await own.stop();
    }
  });
});
