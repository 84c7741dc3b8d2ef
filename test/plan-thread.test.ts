import { afterAll, describe, expect, it } from "vitest";
import { plannerPool } from "../src/jobs/planner-pool.js";
import { planFromMarkdown } from "../src/planner/deterministic.js";
import type { DeterministicPlanner } from "../src/planner/index.js";
import { PlanValidationError } from "../src/planner/schema.js";
import { appHarness } from "./support/app-harness.js";
import { WORLD } from "./support/webhooks.js";

// The server starts its pool from src/index.ts; the thread entry sits next to it.
const pool = plannerPool({ entryUrl: new URL("../src/index.ts", import.meta.url).href, threads: 1 });
afterAll(() => pool.close());
const options = { maxTasks: 30, defaultEstimateHours: 4 };

/** A large epic (~300 KB of deliverables): hundreds of ms of planning on this machine class. */
function bigEpic(): string {
  const lines = ["# Big epic", "", "## Deliverables"];
  for (let i = 1; lines.join("\n").length < 300_000; i++)
    lines.push(
      `- **Deliverable ${i}:** ${"build the part of the system that handles this piece of work ".repeat(16)}`,
    );
  return lines.join("\n");
}

/** The longest the event loop went without running a 5 ms timer while `work` ran, in ms. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
    await new Promise((r) => setTimeout(r, 20)); // let the timer see a stall that just ended
  } finally {
    clearInterval(timer);
  }
  return longest;
}

describe("the deterministic planner on a worker thread", () => {
  it("gives the same plan as on the calling thread, and the same PlanValidationError", async () => {
    const epic = "## Tasks\n- [ ] Build the API\n- [ ] Test the API (depends on: Build the API)\n";
    const plan = await pool.plan(epic, options);
    expect(plan).toEqual(planFromMarkdown(epic, options));
    // The same input again is answered from memory, as a copy of its own.
    const again = await pool.plan(epic, options);
    expect(again).toEqual(plan);
    expect(again).not.toBe(plan);
    // Over-long task lists are grouped now, so a limit of 0 is what still refuses a plan.
    const refused = await pool
      .plan("## Tasks\n- [ ] A\n- [ ] B\n", { ...options, maxTasks: 0 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PlanValidationError);
    expect((refused as PlanValidationError).issues[0]).toMatch(/at most 0 are allowed \(planner.maxTasks/);
  });

  it("keeps webhooks answered promptly while a large epic is being planned", {
    timeout: 60_000,
  }, async () => {
    let planned = false;
    const planner: DeterministicPlanner = async (markdown, o) => {
      try {
        return await pool.plan(markdown, o);
      } finally {
        planned = true;
      }
    };
    const h = await appHarness({ planner });
    // A server that has answered before (its thread started, its code loaded), and a fake GitHub
    // that has compiled its contract checks: what is measured below is Flightdeck's own thread.
    await h.label(WORLD.maintainer);
    await h.comment("/flightdeck help", WORLD.maintainer);
    await h.settle();
    planned = false;
    const epic = h.fake.issues.get(h.epic.number);
    if (epic) epic.body = bigEpic();
    const acks: number[] = [];
    const stall = await longestStall(async () => {
      await h.label(WORLD.maintainer);
      // Deliveries while the plan is being made: each is acknowledged (its job stored) at once.
      while (!planned) {
        const t0 = performance.now();
        await h.comment("/flightdeck help", WORLD.maintainer);
        acks.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    await h.settle();
    expect(h.preview()?.body).toBeDefined();
    expect(acks.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...acks)).toBeLessThan(100);
    expect(stall).toBeLessThan(100);
  });

  it("(the same epic planned on the job's thread holds the event loop for the whole plan)", async () => {
    const stall = await longestStall(async () => {
      await new Promise((r) => setTimeout(r, 10));
      planFromMarkdown(bigEpic(), options);
    });
    expect(stall).toBeGreaterThan(150);
  });
});
