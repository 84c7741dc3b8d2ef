import nock from "nock";
import { describe, expect, it } from "vitest";
import { ApplyError, type ApplyOptions, applyPlan } from "../../src/github/apply.js";
import { epicWorld, expectConverged } from "../support/epic-world.js";
import type { FaultMode } from "../support/fake-github.js";
import { serveGitHub } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";

const assignees = { T1: "alice", T2: "bob", T8: "quinn", T10: "ghost-user" };

function setup() {
  const world = epicWorld();
  const served = serveGitHub(world.fake);
  const ref = { owner: world.fake.owner, repo: world.fake.name, epic: world.epic.number };
  const sleeps: number[] = [];
  const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
    plan: world.plan,
    config: world.config,
    assignees,
    planHash: "0123456789abcdef",
    rateLimitWaitMs: 60_000,
    transientWaitMs: 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  const run = (extra?: Partial<ApplyOptions>) => applyPlan(testOctokit(), ref, options(extra));
  return { ...world, served, ref, run, sleeps };
}

describe("applying a plan", () => {
  it("creates 12 sub-issues, 11 dependencies, labels, assignees, progress and summary in 5 requests", async () => {
    const { fake, epic, plan, served, run } = setup();
    const progress: Array<[number, number]> = [];
    const result = await run({ progress: (done, planned) => progress.push([done, planned]) });
    expect(result.requests).toBe(5);
    // Writes done / planned after each batch: 6 labels, 12 sub-issues, 11 dependencies + the
    // epic's progress section, the summary comment.
    expect(progress).toEqual([
      [0, 31],
      [6, 31],
      [18, 31],
      [30, 31],
      [31, 31],
    ]);
    expect(served.calls).toEqual([
      "graphql:EpicState",
      "graphql:CreateLabels",
      "graphql:CreateSubIssues",
      "graphql:LinkDependencies",
      "graphql:AddComment",
    ]);
    expect(served.violations).toEqual([]);
    expect(result.created).toHaveLength(12);
    expect(result.edgesAdded).toBe(11);
    expect(result.labelsCreated.sort()).toEqual([
      "priority: P0",
      "priority: P1",
      "priority: P2",
      "role: backend",
      "role: devops",
      "role: qa",
    ]);
    expectConverged(fake, epic.number, plan);
    const child = (key: string) => fake.children(epic.number).find((c) => c.body.includes(`key=${key} -->`));
    expect(child("T1")?.assignees).toEqual(["alice"]);
    expect(child("T2")?.assignees).toEqual(["bob"]);
    // A login GitHub does not know is skipped and reported, not a failure.
    expect(child("T10")?.assignees).toEqual([]);
    expect(result.unknownUsers).toEqual(["ghost-user"]);
    expect(fake.comments[0]?.body).toContain("Could not assign `ghost-user`");
    expect(fake.issues.get(epic.number)?.body).toContain(
      `- [ ] #${child("T12")?.number} · backend · 2 h · P0`,
    );
    expect(child("T1")?.body).toContain(
      "### Acceptance criteria\n- [ ] Service skeleton with health endpoint",
    );
    expect(served.scope.isDone()).toBe(true);
  });

  it("is idempotent: running again reads once and writes nothing", async () => {
    const { fake, run } = setup();
    await run();
    const writes = fake.writeCount;
    const again = await run();
    expect(again).toMatchObject({
      requests: 1,
      created: [],
      edgesAdded: 0,
      epicUpdated: false,
      summaryWritten: false,
    });
    expect(fake.writeCount).toBe(writes);
  });

  it("lists the writes of a dry run and makes none", async () => {
    const { fake, run } = setup();
    const result = await run({ dryRun: true });
    expect(fake.writeCount).toBe(0);
    expect(result.plannedWrites).toHaveLength(6 + 12 + 11 + 2);
    expect(result.plannedWrites).toContain(
      'create sub-issue T1 "Scaffold the billing service" (backend, P0, assigned to alice)',
    );
    expect(result.plannedWrites).toContain("add dependency: T2 is blocked by T1");
  });

  it("recognises a sub-issue whose marker was edited away by its title", async () => {
    const { fake, epic, plan, run } = setup();
    await run();
    const first = fake.children(epic.number)[0];
    if (first) first.body = "rewritten by a human";
    const again = await run();
    expect(again.created).toEqual([]);
    expect(fake.children(epic.number)).toHaveLength(plan.tasks.length);
  });

  it("refuses to pass GitHub's 100 sub-issues per parent", async () => {
    const { fake, epic, run } = setup();
    for (let i = 0; i < 95; i++) {
      const other = fake.addIssue(`old ${i}`, "");
      fake.issues.get(epic.number)?.subIssues.push(other.number);
    }
    await expect(run()).rejects.toThrow(
      `Epic #${epic.number} has 95 sub-issues; adding 12 would pass GitHub's limit of 100 per parent.`,
    );
    expect(fake.writeCount).toBe(0);
  });
});

// Each case applies the plan twice per k (≈ 60 applies): CPU-bound, so a busy shared machine needs
// more than the default 20 s; the assertions, not the clock, are the test.
describe("failure after any k of the W writes", { timeout: 120_000 }, () => {
  const W = 6 + 12 + 11 + 1 + 1;

  it(`converges after a hard failure at every write k = 1..${W} followed by a retry`, async () => {
    for (let k = 1; k <= W; k++) {
      nock.cleanAll();
      const { fake, epic, plan, run, served } = setup();
      fake.failAtWrite(k, "error");
      const error = await run({ maxAttempts: 1 }).catch((e: unknown) => e);
      expect(error, `k=${k}`).toBeInstanceOf(ApplyError);
      expect((error as Error).message).toMatch(/nothing is lost — run it again/);
      expect(fake.writeCount, `k=${k}`).toBe(k - 1);
      await run({ maxAttempts: 1 });
      expectConverged(fake, epic.number, plan);
      expect(served.violations).toEqual([]);
    }
  });

  for (const mode of ["lost-response", "rate-limit"] as FaultMode[]) {
    it(`resumes by itself after a ${mode} at every write k = 1..${W}, without duplicates`, async () => {
      for (let k = 1; k <= W; k++) {
        nock.cleanAll();
        const { fake, epic, plan, run, sleeps } = setup();
        fake.failAtWrite(k, mode);
        const result = await run();
        expectConverged(fake, epic.number, plan);
        // One pause between rounds: GitHub's advised 60 s for a secondary limit, 5 s for a 502.
        expect(sleeps, `k=${k}`).toEqual([mode === "rate-limit" ? 60_000 : 5_000]);
        expect(result.requests, `k=${k}`).toBeGreaterThan(5);
      }
    });
  }

  it("reports how many sub-issues a failed run created", async () => {
    const { fake, run } = setup();
    fake.failAtWrite(6 + 5, "error");
    await expect(run({ maxAttempts: 1 })).rejects.toThrow(/stopped: .*4 sub-issues created in this run/);
  });
});

describe("long-running epics", () => {
  it("finds its summary comment under 150 newer comments and does not post a second one", async () => {
    const { fake, epic, run } = setup();
    await run();
    for (let i = 0; i < 150; i++) fake.addComment(epic.number, `discussion ${i}`, "mona");
    const writes = fake.writeCount;
    const again = await run();
    expect(again.summaryWritten).toBe(false);
    expect(fake.writeCount).toBe(writes);
  });
});
