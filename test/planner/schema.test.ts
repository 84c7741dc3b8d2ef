import { describe, expect, it } from "vitest";
import { findCycle } from "../../src/planner/graph.js";
import { PlanValidationError, validatePlan } from "../../src/planner/schema.js";

const t = (key: string, dependsOn: string[] = []) => ({
  key,
  title: key,
  role: "backend",
  estimateHours: 1,
  priority: "P1",
  acceptanceCriteria: ["ok"],
  dependsOn,
});

function issues(input: unknown, max = 10): string[] {
  try {
    validatePlan(input, max);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(PlanValidationError);
    return (error as PlanValidationError).issues;
  }
}

describe("plan validation", () => {
  it("accepts a valid plan and fills defaults", () => {
    const plan = validatePlan({ tasks: [t("A"), t("B", ["A"])] }, 10);
    expect(plan.tasks[1]?.body).toBe("");
    expect(plan.notes).toEqual([]);
  });

  it("lists every broken invariant in words", () => {
    expect(issues({ tasks: [t("A"), t("A"), t("B", ["Z"]), t("C", ["C"])] })).toEqual([
      "task key A is used more than once",
      "task B depends on Z, which is not in the plan",
      "task C depends on itself",
    ]);
    expect(issues({ tasks: [t("A"), t("B")] }, 1)[0]).toContain("the plan has 2 tasks; at most 1 is allowed");
    expect(issues({ tasks: [] })).toEqual(["tasks: Too small: expected array to have >=1 items"]);
    expect(issues({ tasks: [{ ...t("A"), role: "wizard", estimateHours: -1 }] })).toEqual([
      'tasks.0.role: Invalid option: expected one of "product"|"tech-lead"|"backend"|"frontend"|"design"|"qa"|"devops"',
      "tasks.0.estimateHours: Too small: expected number to be >0",
    ]);
  });

  it("names the cycle in execution order", () => {
    expect(issues({ tasks: [t("A", ["C"]), t("B", ["A"]), t("C", ["B"])] })).toEqual([
      "dependency cycle: A → B → C → A",
    ]);
    expect(findCycle([{ key: "X", dependsOn: [] }])).toBeUndefined();
  });
});
