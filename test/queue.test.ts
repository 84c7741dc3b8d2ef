import { describe, expect, it } from "vitest";
import { JobQueue } from "../src/jobs/queue.js";

describe("job queue", () => {
  it("runs one epic's jobs in order, other epics alongside, and reports failures", async () => {
    const events: string[] = [];
    const failures: string[] = [];
    const queue = new JobQueue(4, (key, error) => failures.push(`${key}: ${(error as Error).message}`));
    const job =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`end ${name}`);
        if (fail) throw new Error(`${name} broke`);
      };
    queue.enqueue("a", job("a1", 20, true));
    queue.enqueue("a", job("a2", 1));
    queue.enqueue("b", job("b1", 5));
    expect(queue.pending).toBe(3);
    await queue.onIdle();
    expect(events.indexOf("start a2")).toBeGreaterThan(events.indexOf("end a1"));
    expect(events.indexOf("start b1")).toBeLessThan(events.indexOf("end a1"));
    expect(failures).toEqual(["a: a1 broke"]);
    expect(queue.pending).toBe(0);
  });
});
