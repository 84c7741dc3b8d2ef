import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { appliedMarker } from "../../src/markers.js";
import { taskBody } from "../../src/planner/reconcile.js";
import { BOT, FakeGitHub, type FakeIssue } from "../support/fake-github.js";

/**
 * An applied epic in a fake repository, as Flightdeck leaves it: sub-issues it wrote (with the
 * facts line), native blocked-by edges, assignees, and the applied summary comment (which dates
 * the plan's start). Tasks: #2 (done Friday), #3 (alice, in progress, on the critical path), #4
 * (bob, blocked by #3), #5 (nobody). Applied Monday 2026-11-30: the sub-issues were created
 * then, which is where Mission Control's baseline (and so each task's forecast) starts.
 */
export function standupWorld(
  fake = new FakeGitHub(),
  epic: FakeIssue = fake.addIssue("Epic: Usage-based billing", "The epic.", "mona"),
) {
  epic.labels = ["epic"];
  const task = (key: string, title: string, hours: number, deps: string[] = []) => {
    const issue = fake.addIssue(
      title,
      taskBody(epic.number, {
        key,
        title,
        body: "",
        role: "backend",
        estimateHours: hours,
        priority: "P1",
        acceptanceCriteria: ["works"],
        dependsOn: deps,
      }),
      BOT,
    );
    issue.parent = epic.number;
    epic.subIssues.push(issue.number);
    return issue;
  };
  const clock = fake.clock;
  fake.clock = "2026-11-30T09:00:00Z";
  const t1 = task("T1", "Schema", 6);
  const t2 = task("T2", "Metering API", 24, ["T1"]);
  const t3 = task("T3", "Invoices", 12, ["T2"]);
  const t4 = task("T4", "Docs", 2);
  fake.clock = clock;
  t1.state = "CLOSED";
  t1.closedAt = "2026-12-04T16:00:00Z";
  t1.assignees = ["alice"];
  t2.assignees = ["alice"];
  t2.blockedBy = [t1.number];
  t2.closingPulls = [{ number: 40, state: "OPEN" }];
  t3.assignees = ["bob"];
  t3.blockedBy = [t2.number];
  for (const login of ["alice", "bob", "mona"]) fake.addUser(login, "write");
  fake.addComment(epic.number, `${appliedMarker(epic.number, "abc")}\nApplied.`, BOT, {
    createdAt: "2026-11-30T09:00:00Z",
  });
  return { fake, epic, tasks: [t1, t2, t3, t4], config: DEFAULT_CONFIG };
}
