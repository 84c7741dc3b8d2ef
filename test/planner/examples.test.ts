import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planFromMarkdown } from "../../src/planner/deterministic.js";
import { planEdges, validatePlan } from "../../src/planner/schema.js";
import { fixtureEpicPath, hasSharedExamples, projectExample, sharedExample } from "../support/paths.js";

const options = { maxTasks: 30, defaultEstimateHours: 4 };

describe.skipIf(!hasSharedExamples)(
  "deterministic planner on the shared examples (../shared/examples)",
  () => {
    it("keeps all 12 tasks, their estimates and every mermaid edge of task-api-epic.md", () => {
      const plan = planFromMarkdown(sharedExample("task-api-epic.md"), options);
      expect(plan.tasks.map((t) => t.key)).toEqual([
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "T10",
        "T11",
        "T12",
      ]);
      expect(plan.tasks.map((t) => t.estimateHours)).toEqual([2, 2, 2, 3, 2, 4, 2, 2, 3, 2, 1, 2]);
      expect(plan.tasks[0]?.title).toBe("Setup FastAPI project structure");
      expect(new Set(planEdges(plan).map(([a, b]) => `${a}->${b}`))).toEqual(
        new Set([
          "T1->T2",
          "T2->T3",
          "T3->T4",
          "T2->T5",
          "T5->T6",
          "T6->T7",
          "T4->T8",
          "T7->T9",
          "T1->T10",
          "T1->T11",
          "T9->T12",
        ]),
      );
      // Agents map to roles; "tests" in the title picks qa among a backend and a testing agent.
      const role = Object.fromEntries(plan.tasks.map((t) => [t.key, t.role]));
      expect(role).toMatchObject({ T1: "backend", T2: "backend", T8: "qa", T9: "qa", T10: "devops" });
      // The task's own bullet points become its acceptance criteria; Estimate/Agent lines do not.
      expect(plan.tasks[0]?.acceptanceCriteria).toEqual([
        "Create project skeleton",
        "Configure virtual environment",
        "Setup dependencies (FastAPI, SQLAlchemy, etc.)",
        "Create basic app structure",
      ]);
      // No priorities in the epic: the critical path is P0.
      expect(plan.tasks.filter((t) => t.priority === "P0").map((t) => t.key)).toEqual([
        "T1",
        "T2",
        "T5",
        "T6",
        "T7",
        "T9",
        "T12",
      ]);
      expect(plan.source).toEqual({ planner: "deterministic", costUsd: 0 });
    });

    it("plans the free-form teamflow vision from its requirements, verified against its success metrics", () => {
      const plan = planFromMarkdown(sharedExample("teamflow-vision.md"), options);
      const byTitle = (re: RegExp) => plan.tasks.find((t) => re.test(t.title));
      expect(byTitle(/^Data Sources/)?.role).toBe("backend");
      expect(byTitle(/^Dashboard Views/)?.role).toBe("frontend");
      const qa = byTitle(/verification/);
      expect(qa?.role).toBe("qa");
      expect(qa?.acceptanceCriteria).toContain("Dashboard loads in < 3 seconds");
      // Verification waits for every build task.
      expect(qa?.dependsOn).toHaveLength(plan.tasks.length - 1);
      // "Users: …" is an audience, not work; out-of-scope items become a note, not tasks.
      expect(plan.tasks.some((t) => /^Users/.test(t.title))).toBe(false);
      expect(plan.notes.join(" ")).toContain("Mobile app (out of scope)");
    });

    it("plans the PRD's technical requirements and its user-story groups, never its out-of-scope list", () => {
      const plan = planFromMarkdown(sharedExample("task-api-prd.md"), options);
      expect(plan.tasks.length).toBeGreaterThanOrEqual(8);
      expect(plan.tasks.length).toBeLessThanOrEqual(14);
      expect(plan.tasks.some((t) => /front-end|mobile/i.test(t.title))).toBe(false);
      const auth = plan.tasks.find((t) => t.title === "Authentication");
      expect(auth?.acceptanceCriteria).toEqual([
        "As a user, I want to register an account so I can access the API",
        "As a user, I want to login securely to receive an authentication token",
        "As a user, I want my password stored securely",
      ]);
      expect(plan.notes.join(" ")).toContain("Front-end application (out of scope)");
    });

    it("reads the milestone's ownership lines into id-keyed tasks with their owners' roles", () => {
      const plan = planFromMarkdown(sharedExample("m6-milestone.md"), options);
      const keys = plan.tasks.map((t) => t.key);
      expect(keys).toContain("M6-T001");
      expect(keys).toContain("M6-T102");
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.every((k) => k.startsWith("M6-"))).toBe(true);
      const task = (k: string) => plan.tasks.find((t) => t.key === k);
      expect(task("M6-T001")).toMatchObject({ title: "Signal pattern", role: "backend" });
      expect(task("M6-T002")).toMatchObject({ title: "Signal UI", role: "frontend", dependsOn: ["M6-T001"] });
      expect(task("M6-T092")?.role).toBe("devops");
      // M6-T081 is owned twice (performance optimization, load testing): one task, first owner's role.
      expect(task("M6-T081")).toMatchObject({ role: "backend" });
      expect(task("M6-T081")?.acceptanceCriteria).toContain("Load testing");
      expect(plan.notes.some((n) => n.includes("inferred from id series"))).toBe(true);
    });

    it("groups a checklist larger than maxTasks by its sections, and says how to get one task each", () => {
      const plan = planFromMarkdown(sharedExample("launch-checklist.md"), options);
      expect(plan.tasks.length).toBeLessThanOrEqual(30);
      expect(plan.tasks[0]?.title).toBe("Infrastructure: 9 items");
      expect(plan.tasks[0]?.acceptanceCriteria).toContain("Production environment deployed");
      expect(plan.tasks[0]?.estimateHours).toBe(36);
      expect(plan.notes[0]).toMatch(
        /^The epic lists 42 tasks, more than planner\.maxTasks \(30\): they were grouped by section, in document order, into \d+ tasks\. Raise planner\.maxTasks \(CLI --max-tasks\) for one task each\.$/,
      );
      // The refusal that remains (a plan built elsewhere, over the limit) names the key and the flag.
      const big = { tasks: plan.tasks, notes: [] };
      expect(() => validatePlan(big, 2)).toThrowError(/\(planner\.maxTasks; CLI --max-tasks\)/);
    });

    it("is deterministic", () => {
      const a = planFromMarkdown(sharedExample("teamflow-vision.md"), options);
      const b = planFromMarkdown(sharedExample("teamflow-vision.md"), options);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  },
);

describe("deterministic planner on the project's own epics", () => {
  it("plans the project's own example epic with explicit priorities, estimates in days and fan-out edges", () => {
    const plan = planFromMarkdown(projectExample("epic-team-invitations.md"), options);
    expect(plan.tasks).toHaveLength(9);
    const task = (k: string) => plan.tasks.find((t) => t.key === k);
    expect(task("T3")).toMatchObject({
      estimateHours: 8,
      priority: "P0",
      role: "backend",
      dependsOn: ["T2"],
    });
    expect(task("T1")?.role).toBe("design");
    expect(task("T9")?.dependsOn).toEqual(["T7", "T8"]);
    expect(planEdges(plan)).toHaveLength(11);
  });

  it("keeps the 12 tasks, estimates and 11 mermaid edges of the test suite's billing epic", () => {
    const plan = planFromMarkdown(readFileSync(fixtureEpicPath("usage-billing.md"), "utf8"), options);
    expect(plan.tasks.map((t) => t.estimateHours)).toEqual([2, 2, 2, 3, 2, 4, 2, 2, 3, 2, 1, 2]);
    expect(planEdges(plan)).toHaveLength(11);
    expect(plan.tasks.filter((t) => t.role === "qa").map((t) => t.key)).toEqual(["T8", "T9"]);
  });
});
