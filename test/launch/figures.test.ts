import { describe, expect, it } from "vitest";
import { doraFigures } from "../../src/launch/dora.js";
import type { EpicOutcome } from "../../src/launch/facts.js";
import { planVsActual } from "../../src/launch/plan-actual.js";
import { deploymentRecord, taskOutcome } from "../support/launch-facts.js";

const dep = deploymentRecord;

describe("DORA figures", () => {
  const now = new Date("2026-11-30T00:00:00Z");

  it("counts deployments, change failures, lead time and time to restore over the window", () => {
    const records = [
      dep(1, "success", "2026-11-03T10:00:00Z", { firstCommitAt: "2026-11-02T10:00:00Z" }), // lead 24 h
      dep(2, "rolled_back", "2026-11-10T10:00:00Z", { reason: "Rolled back: smoke test 502" }),
      dep(3, "success", "2026-11-10T16:00:00Z", { firstCommitAt: "2026-11-10T04:00:00Z" }), // lead 12 h, restores 2 after 6 h
      dep(4, "failure", "2026-11-20T10:00:00Z"),
      dep(5, "success", "2026-11-21T10:00:00Z", { firstCommitAt: "2026-11-19T10:00:00Z" }), // lead 48 h, restores 4 after 24 h
      dep(6, "success", "2026-09-01T10:00:00Z"), // outside the window
      dep(7, "pending", "2026-11-29T10:00:00Z", { finishedAt: undefined }),
      { ...dep(8, "failure", "2026-11-22T10:00:00Z"), environment: "staging" },
    ];
    const f = doraFigures(records, "production", now, 30);
    expect(f).toMatchObject({
      deployments: 5,
      successes: 3,
      failures: 2,
      perWeek: 0.7, // 3 successes in 30 days
      leadTimeHours: 24, // median of 24, 12, 48
      leadTimeSample: 3,
      changeFailurePct: 40,
      restoreHours: 15, // median of 6 and 24
      restored: 2,
      unrestored: 0,
    });
  });

  it("says why a figure is missing instead of inventing one", () => {
    const f = doraFigures([dep(1, "failure", "2026-11-28T10:00:00Z")], "production", now, 7);
    expect(f.leadTimeHours).toBeUndefined();
    expect(f.restoreHours).toBeUndefined();
    expect(f.changeFailurePct).toBe(100);
    expect(f.notes).toContain("1 failed deployment(s) not followed by a successful one in the window");
    expect(doraFigures([], "production", now, 7).notes).toEqual([
      "no finished deployment to production in the last 7 days",
    ]);
  });
});

describe("planned vs actual", () => {
  const epic: EpicOutcome = {
    number: 12,
    title: "Invitations",
    planned: true,
    forecast: "2026-11-13",
    tasks: [
      taskOutcome("T1", 13, {
        title: "API",
        role: "backend",
        estimateHours: 8,
        plannedStart: "2026-11-02",
        plannedFinish: "2026-11-04",
        critical: true,
        closedAt: "2026-11-06T17:00:00Z",
      }),
      taskOutcome("T2", 14, {
        title: "UI",
        role: "frontend",
        estimateHours: 6,
        plannedStart: "2026-11-05",
        plannedFinish: "2026-11-09",
        closedAt: "2026-11-08T12:00:00Z",
      }),
      taskOutcome("T3", 15, {
        title: "Tests",
        role: "qa",
        estimateHours: 4,
        plannedStart: "2026-11-10",
        plannedFinish: "2026-11-13",
      }),
    ],
  };

  it("compares estimates with time open per role and finds slipped tasks", () => {
    const pa = planVsActual([epic], new Date("2026-11-16T00:00:00Z"));
    expect(pa).toMatchObject({ tasks: 3, done: 2, estimateHours: 18, doneHours: 14, forecast: "2026-11-13" });
    expect(pa.actual).toBeUndefined(); // T3 is open
    expect(pa.roles.find((r) => r.role === "backend")).toEqual({
      role: "backend",
      tasks: 1,
      done: 1,
      estimateHours: 8,
      medianDaysOpen: 4.3,
      slipped: 1,
    });
    expect(pa.slipped.map((s) => [s.number, s.daysLate, s.critical])).toEqual([
      [15, 3, false], // open, 3 days past 2026-11-13
      [13, 2, true],
    ]);
  });

  it("gives the slip of the whole release once every task closed", () => {
    const done = {
      ...epic,
      tasks: epic.tasks.map((t) => ({ ...t, closedAt: t.closedAt ?? "2026-11-17T10:00:00Z" })),
    };
    const pa = planVsActual([done], new Date("2026-11-20T00:00:00Z"));
    expect([pa.actual, pa.slipDays]).toEqual(["2026-11-17", 4]);
  });
});
