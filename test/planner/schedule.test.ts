import { describe, expect, it } from "vitest";
import { addWorkdays, isoDate, schedulePlan } from "../../src/planner/schedule.js";
import { type Plan, type Task, validatePlan } from "../../src/planner/schema.js";

const task = (key: string, role: Task["role"], hours: number, dependsOn: string[] = []): Task => ({
  key,
  title: `Task ${key}`,
  body: "",
  role,
  estimateHours: hours,
  priority: "P1",
  acceptanceCriteria: ["done"],
  dependsOn,
});
const plan = (tasks: Task[]): Plan => validatePlan({ tasks }, 30);
const week = ["mon", "tue", "wed", "thu", "fri"] as const;
const base = { hoursPerWeek: 30, people: {}, workdays: [...week], start: new Date("2025-01-06T00:00:00Z") }; // a Monday

describe("schedule", () => {
  it("finds the critical path by hours, not by task count", () => {
    const s = schedulePlan(
      plan([
        task("A", "backend", 2),
        task("B", "backend", 10, ["A"]),
        task("C", "frontend", 1, ["A"]),
        task("D", "frontend", 1, ["C"]),
        task("E", "qa", 1, ["B", "D"]),
      ]),
      { ...base, team: {} },
    );
    expect(s.criticalPath).toEqual({ keys: ["A", "B", "E"], hours: 13 });
    expect(s.maxParallel).toBe(2);
    expect(s.streams).toEqual([
      ["A", "B", "E"],
      ["C", "D"],
    ]);
  });

  it("assigns the least-loaded member of each role, relative to capacity", () => {
    const s = schedulePlan(
      plan([task("A", "backend", 6), task("B", "backend", 6), task("C", "backend", 6), task("D", "qa", 3)]),
      {
        ...base,
        team: { backend: ["alice", "bob"], qa: ["quinn"] },
        people: { bob: 15 },
      },
    );
    // alice (30 h/wk) takes A; bob (15 h/wk) takes B; C goes to alice, whose relative load is lower.
    expect(s.assignees).toEqual({ A: "alice", B: "bob", C: "alice", D: "quinn" });
  });

  it("forecasts working days from each person's weekly capacity, skipping weekends", () => {
    // 60 h of backend work on one 30 h/week person = 10 working days from Monday 6 Jan → Fri 17 Jan.
    const s = schedulePlan(plan([task("A", "backend", 30), task("B", "backend", 30, ["A"])]), {
      ...base,
      team: { backend: ["alice"] },
    });
    expect(s.workdays).toBe(10);
    expect(s.forecast).toBe("2025-01-17");
    expect(isoDate(addWorkdays(new Date("2025-01-10T00:00:00Z"), 2, [...week]))).toBe("2025-01-13");
  });

  it("warns when a role's load exceeds its capacity before the target date", () => {
    const s = schedulePlan(plan([task("A", "backend", 40), task("B", "backend", 40), task("C", "qa", 2)]), {
      ...base,
      team: { backend: ["alice"], qa: ["quinn"] },
      target: new Date("2025-01-10T00:00:00Z"),
    });
    expect(s.warnings).toContain(
      "backend is overloaded: 80 h of work at 30 h/week needs 2.7 weeks, but the target date leaves 1. Add people to team.backend or move work.",
    );
    expect(
      s.warnings.some((w) => w.startsWith("The forecast (2025-01-23) is after the target date (2025-01-10)")),
    ).toBe(true);
    expect(s.warnings.some((w) => w.startsWith("qa is overloaded"))).toBe(false);
  });

  it("says which roles have nobody in config", () => {
    const s = schedulePlan(plan([task("A", "design", 2)]), { ...base, team: {} });
    expect(s.assignees).toEqual({});
    expect(s.warnings[0]).toMatch(/^No one is listed for design under `team`/);
  });
});
