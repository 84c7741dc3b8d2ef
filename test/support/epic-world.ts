import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { type Config, DEFAULT_CONFIG } from "../../src/config/schema.js";
import { parseTaskMarker } from "../../src/markers.js";
import { planFromMarkdown } from "../../src/planner/deterministic.js";
import { type Plan, planEdges } from "../../src/planner/schema.js";
import { BOT, FakeGitHub } from "./fake-github.js";
import { fixtureEpicPath } from "./paths.js";

/**
 * The usage-billing epic (12 tasks, 11 mermaid edges, 27 h; shaped like the playbooks' task-api
 * epic), a team, and a fake repository holding the epic.
 */
export function epicWorld() {
  const fake = new FakeGitHub();
  const body = readFileSync(fixtureEpicPath("usage-billing.md"), "utf8");
  const epic = fake.addIssue("Epic: Usage-based billing", body, "mona");
  for (const login of ["alice", "bob", "quinn"]) fake.addUser(login, "write");
  const config: Config = {
    ...DEFAULT_CONFIG,
    team: { backend: ["alice", "bob"], qa: ["quinn"], devops: ["ghost-user"] },
  };
  const plan = planFromMarkdown(body, { maxTasks: 30, defaultEstimateHours: 4 });
  return { fake, epic, config, plan, body };
}

/**
 * Asserts GitHub holds exactly the planned objects: one sub-issue per task (no duplicates, none
 * missing), every edge as a native dependency and no other, labels on each, one summary
 * comment, the progress section once, and the epic still open.
 */
export function expectConverged(fake: FakeGitHub, epicNumber: number, plan: Plan): void {
  const children = fake.children(epicNumber);
  const keys = children.map((c) => parseTaskMarker(c.body)?.key);
  expect(keys.sort()).toEqual(plan.tasks.map((t) => t.key).sort());
  const numberOf = new Map(children.map((c) => [parseTaskMarker(c.body)?.key, c.number]));
  const expected = planEdges(plan).map(([a, b]) => `${numberOf.get(a)}->${numberOf.get(b)}`);
  expect(fake.edges(epicNumber).sort()).toEqual(expected.sort());
  for (const child of children) {
    const task = plan.tasks.find((t) => t.key === parseTaskMarker(child.body)?.key);
    expect(child.labels).toEqual([`role: ${task?.role}`, `priority: ${task?.priority}`]);
  }
  // Issues outside the epic: only the epic itself.
  expect([...fake.issues.values()].filter((i) => i.parent === undefined).map((i) => i.number)).toEqual([
    epicNumber,
  ]);
  const epic = fake.issues.get(epicNumber);
  expect(epic?.state).toBe("OPEN");
  expect(epic?.body.split("<!-- flightdeck:progress:start -->")).toHaveLength(2);
  const summaries = fake.comments.filter((c) => c.author === BOT && c.body.includes("flightdeck:applied"));
  expect(summaries).toHaveLength(1);
}
