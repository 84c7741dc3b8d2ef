import { describe, expect, it } from "vitest";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import type { Job } from "../src/jobs/job.js";

const repo = { owner: "acme", repo: "shop", defaultBranch: "main" };
const gateJob = (key: string, pull: number, sha: string, deliveryId = sha): Job => ({
  kind: "gate",
  key,
  installationId: 1,
  deliveryId,
  data: { ...repo, pull, head: { sha, author: "dana", url: "u" } },
});
const commandJob = (key: string, id: string): Job => ({
  kind: "launch",
  key,
  installationId: 1,
  deliveryId: id,
  data: { ...repo, issue: 1, sender: "rita", commentId: Number(id), args: "v1" },
});
const shaOf = (job: Job) => (job.kind === "gate" ? job.data.head?.sha : job.deliveryId);

describe("embedded job queue", () => {
  it("runs one key's jobs in order, other keys alongside, and keeps failures", async () => {
    const events: string[] = [];
    const queue = new EmbeddedQueue({ concurrency: 4 });
    queue.process(async (job) => {
      const name = job.deliveryId;
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, name === "a1" ? 20 : 1));
      events.push(`end ${name}`);
      if (name === "a1") throw new Error("a1 broke");
    });
    await queue.enqueue(commandJob("a", "a1"));
    await queue.enqueue(commandJob("a", "a2"));
    await queue.enqueue(commandJob("b", "b1"));
    expect(queue.pending).toBe(3);
    await queue.onIdle();
    expect(events.indexOf("start a2")).toBeGreaterThan(events.indexOf("end a1"));
    expect(events.indexOf("start b1")).toBeLessThan(events.indexOf("end a1"));
    const failed = await queue.failed();
    expect(failed.map((f) => [f.job.deliveryId, f.error, f.attempts])).toEqual([["a1", "a1 broke", 1]]);
    expect(queue.pending).toBe(0);
  });

  it("folds waiting gate evaluations of a pull request into one (newest head), never a running one", async () => {
    const ran: string[] = [];
    let release: () => void = () => {};
    const first = new Promise<void>((r) => {
      release = r;
    });
    const queue = new EmbeddedQueue({ concurrency: 1 });
    queue.process(async (job) => {
      ran.push(`${job.key}@${shaOf(job)}`);
      if (ran.length === 1) await first;
    });
    await queue.enqueue(gateJob("pr1", 1, "s0"));
    for (let i = 1; i <= 1000; i++) await queue.enqueue(gateJob(`pr${(i % 2) + 1}`, (i % 2) + 1, `s${i}`));
    expect(queue.pending).toBe(3); // the running one, and one waiting per pull request
    release();
    await queue.onIdle();
    expect(ran).toEqual(["pr1@s0", "pr2@s999", "pr1@s1000"]);
  });

  it("retries transient GitHub failures with exponential backoff, not permanent ones", async () => {
    const waits: number[] = [];
    const queue = new EmbeddedQueue({
      retry: { attempts: 4, backoffMs: 100 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    let calls = 0;
    queue.process(async (job) => {
      calls++;
      if (job.deliveryId === "flaky" && calls < 3)
        throw Object.assign(new Error("Bad gateway"), { status: 502 });
      if (job.deliveryId === "denied") throw Object.assign(new Error("Not Found"), { status: 404 });
      if (job.deliveryId === "down") throw Object.assign(new Error("Service unavailable"), { status: 503 });
    });
    await queue.enqueue(commandJob("a", "flaky"));
    await queue.onIdle();
    expect([calls, waits]).toEqual([3, [100, 200]]);
    await queue.enqueue(commandJob("a", "denied"));
    await queue.enqueue(commandJob("a", "down"));
    await queue.onIdle();
    expect(waits).toEqual([100, 200, 100, 200, 400]);
    expect((await queue.failed()).map((f) => `${f.job.deliveryId} ${f.attempts}: ${f.error}`)).toEqual([
      "down 4: Service unavailable",
      "denied 1: Not Found",
    ]);
  });

  it("keeps only the newest failures", async () => {
    const queue = new EmbeddedQueue({ maxFailed: 2 });
    queue.process(async () => {
      throw new Error("no");
    });
    for (const id of ["1", "2", "3"]) await queue.enqueue(commandJob(id, id));
    await queue.onIdle();
    expect((await queue.failed()).map((f) => f.job.deliveryId)).toEqual(["3", "2"]);
  });
});

describe("embedded job queue deliveries", () => {
  it("drops a redelivered webhook's job", async () => {
    const queue = new EmbeddedQueue();
    const ran: string[] = [];
    queue.process(async (job) => {
      ran.push(job.deliveryId);
    });
    for (let i = 0; i < 3; i++) await queue.enqueue(commandJob("a", "42"));
    await queue.onIdle();
    await queue.enqueue(commandJob("a", "42"));
    await queue.onIdle();
    expect(ran).toEqual(["42"]);
  });
});
