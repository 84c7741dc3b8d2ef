import { describe, expect, it } from "vitest";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import type { Job } from "../src/jobs/job.js";

const progress = (n: number, delayMs?: number): Job => ({
  kind: "epic.progress",
  key: "o/r#1:progress",
  installationId: 1,
  deliveryId: `d${n}`,
  data: { owner: "o", repo: "r", defaultBranch: "main", epic: 1 },
  ...(delayMs ? { delayMs } : {}),
});

describe("embedded queue: delayed jobs (Mission Control's debounce)", () => {
  it("waits out a job's delay, folding the jobs that arrive meanwhile into it", async () => {
    const queue = new EmbeddedQueue();
    const ran: string[] = [];
    queue.process(async (job) => {
      ran.push(job.deliveryId);
    });
    const started = Date.now();
    for (let i = 1; i <= 5; i++) await queue.enqueue(progress(i, 60));
    expect(ran).toEqual([]);
    await queue.onIdle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(ran).toEqual(["d5"]); // one run, with the newest delivery
  });

  it("runs a job without a delay at once", async () => {
    const queue = new EmbeddedQueue();
    const ran: string[] = [];
    queue.process(async (job) => {
      ran.push(job.deliveryId);
    });
    await queue.enqueue(progress(1));
    await queue.onIdle();
    expect(ran).toEqual(["d1"]);
  });
});
