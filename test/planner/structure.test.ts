import { describe, expect, it } from "vitest";
import { planFromMarkdown } from "../../src/planner/deterministic.js";
import { findTargetDate, findTaskRefs, parseEstimate, parsePriority } from "../../src/planner/fields.js";
import { parseMermaid } from "../../src/planner/mermaid.js";
import { inferRole, roleFromAgent } from "../../src/planner/roles.js";

const plan = (md: string) => planFromMarkdown(md, { maxTasks: 30, defaultEstimateHours: 4 });

describe("mermaid edges", () => {
  it("reads chains, fan-in/out, labels, edge text and dotted/thick arrows; ignores undirected links", () => {
    const g = parseMermaid(
      [
        "flowchart LR",
        "  A[Start: setup] --> B(Build) --> C{Ship?}",
        "  D & E --> F",
        "  F -->|yes| G; G -.-> H",
        "  H -- later --> I",
        "  I ==> J",
        "  J --- K",
        "  %% a comment --> not an edge",
        "  style A fill:#f9f",
      ].join("\n"),
    );
    expect(g.edges.map((e) => `${e.from}>${e.to}`)).toEqual([
      "A>B",
      "B>C",
      "D>F",
      "E>F",
      "F>G",
      "G>H",
      "H>I",
      "I>J",
    ]);
    expect(g.nodes.get("A")?.label).toBe("Start: setup");
  });

  it("matches mermaid nodes to tasks by id, by 'Task n' label, or by title", () => {
    const p = plan(
      [
        "## Tasks",
        "- [ ] Build the API",
        "- [ ] Write the docs",
        "- [ ] Ship it",
        "```mermaid",
        "graph TD",
        "  api[Build the API] --> docs[Write the docs]",
        "  docs --> T3",
        "  ghost --> T3",
        "```",
      ].join("\n"),
    );
    expect(p.tasks.map((t) => [t.key, t.dependsOn])).toEqual([
      ["T1", []],
      ["T2", ["T1"]],
      ["T3", ["T2"]],
    ]);
    expect(p.notes.some((n) => n.includes('no task matches "ghost"'))).toBe(true);
  });
});

describe("task fields", () => {
  it("parses estimates in hours, days, weeks, minutes and points", () => {
    expect(parseEstimate("2 hours")).toBe(2);
    expect(parseEstimate("3h")).toBe(3);
    expect(parseEstimate("1.5 days")).toBe(12);
    expect(parseEstimate("1 week")).toBe(40);
    expect(parseEstimate("30 min")).toBe(0.5);
    expect(parseEstimate("3 points")).toBe(12);
    expect(parseEstimate("soon")).toBeUndefined();
  });

  it("parses priorities and task references", () => {
    expect(parsePriority("P0")).toBe("P0");
    expect(parsePriority("priority: high")).toBe("P1");
    expect(parsePriority("nice to have")).toBe("P2");
    expect(parsePriority("critical")).toBe("P0");
    expect(findTaskRefs("depends on Task 2, T5 and M6-T001")).toEqual(["T2", "T5", "M6-T001"]);
    expect(findTargetDate("**Target:** 2025-01-17")?.toISOString()).toBe("2025-01-17T00:00:00.000Z");
  });

  it("reads inline and nested fields: estimate, role, priority, depends-on", () => {
    const p = plan(
      [
        "## Work items",
        "1. Task 1: Schema migration (3h) [P1]",
        "2. Task 2: Checkout page — depends on Task 1",
        "   - Role: frontend",
        "   - Estimate: 2 days",
        "   - Priority: low",
        "   - Works on Safari",
        "3. Task 3: Load test checkout",
        "   - Blocked by: Task 2",
      ].join("\n"),
    );
    expect(p.tasks).toMatchObject([
      { key: "T1", title: "Schema migration", estimateHours: 3, priority: "P1", role: "backend" },
      {
        key: "T2",
        title: "Checkout page",
        estimateHours: 16,
        priority: "P2",
        role: "frontend",
        dependsOn: ["T1"],
        acceptanceCriteria: ["Works on Safari"],
      },
      { key: "T3", role: "qa", dependsOn: ["T2"], estimateHours: 4 },
    ]);
    expect(p.notes.some((n) => n.includes("1 task had no estimate"))).toBe(true);
    // No criteria in the epic: a role-appropriate default is given.
    expect(p.tasks[2]?.acceptanceCriteria[0]).toMatch(/Tests run in CI/);
  });

  it("notes dependencies on tasks that do not exist instead of failing", () => {
    const p = plan("## Tasks\n- [ ] T1: One\n  - Depends on: T9\n");
    expect(p.tasks[0]?.dependsOn).toEqual([]);
    expect(p.notes).toContain("T1 depends on T9, which is not in the epic; ignored.");
  });

  it("rejects a cyclic epic and names the cycle", () => {
    expect(() =>
      plan("## Tasks\n- [ ] T1: A\n  - Depends on: T2\n- [ ] T2: B\n  - Depends on: T1\n"),
    ).toThrowError(/dependency cycle: T1 → T2 → T1|dependency cycle: T2 → T1 → T2/);
  });

  it("ignores task lists in acceptance-criteria and out-of-scope sections", () => {
    const p = plan(
      "## Tasks\n- [ ] Build it\n\n## Acceptance criteria\n- [ ] It works\n\n## Out of scope\n- [ ] Mobile\n",
    );
    expect(p.tasks.map((t) => t.title)).toEqual(["Build it"]);
  });
});

describe("roles", () => {
  it("maps playbook agent names to roles", () => {
    expect(roleFromAgent("python-backend-engineer")).toBe("backend");
    expect(roleFromAgent("postgresql-expert")).toBe("backend");
    expect(roleFromAgent("frontend-testing-engineer")).toBe("qa");
    expect(roleFromAgent("docker-containerization-expert")).toBe("devops");
    expect(roleFromAgent("ux-designer")).toBe("design");
    expect(roleFromAgent("Backend Engineer 1 (Performance & Debugging)")).toBe("backend");
    expect(roleFromAgent("QA Engineer (0.5 FTE)")).toBe("qa");
    expect(roleFromAgent("DevOps Engineer (0.5 FTE)")).toBe("devops");
    expect(roleFromAgent("wizard")).toBeUndefined();
  });

  it("infers a role from wording when the epic names none", () => {
    expect(inferRole("Build the settings page", "", [])).toBe("frontend");
    expect(inferRole("Write end-to-end tests for checkout", "", [])).toBe("qa");
    expect(inferRole("Set up Kubernetes deployment", "", [])).toBe("devops");
    expect(inferRole("Create wireframes for onboarding", "", [])).toBe("design");
    expect(inferRole("Add REST endpoints for invoices", "", [])).toBe("backend");
    expect(inferRole("Something vague", "", [], "product")).toBe("product");
  });
});
