import { describe, expect, it } from "vitest";
import { taskMarker } from "../../src/markers.js";
import { readBaseline, sealBaseline } from "../../src/progress/baseline.js";
import { deriveEpicProgress } from "../../src/progress/epic-state.js";
import { forecastProgress } from "../../src/progress/forecast.js";
import { deriveHandoffs } from "../../src/progress/handoffs.js";
import type { EpicRead, TaskRead } from "../../src/progress/read-model.js";
import { ganttText } from "../../src/progress/render.js";

const OPTIONS = { labels: { role: "role: ", priority: "priority: " }, defaultEstimateHours: 4 };
const CAPACITY = {
  team: { backend: ["alice"] },
  hoursPerWeek: 30,
  people: {},
  workdays: ["mon", "tue", "wed", "thu", "fri"] as const,
};

function task(number: number, over: Partial<TaskRead> = {}): TaskRead {
  return {
    id: `I_${number}`,
    number,
    title: `Task ${number}`,
    body: `**Role:** backend · **Estimate:** 6 h · **Priority:** P0 · **Plan key:** T${number}\n${taskMarker(1, `T${number}`)}`,
    state: "OPEN",
    createdAt: "2025-01-06T09:00:00Z",
    closedAt: null,
    byThisApp: true,
    sameRepository: true,
    assignees: [],
    labels: [],
    blockers: [],
    openPulls: [],
    edgeEvents: [],
    ownComments: [],
    ...over,
  };
}
const blocker = (t: TaskRead, over: Partial<TaskRead["blockers"][number]> = {}) => ({
  id: t.id,
  number: t.number,
  title: t.title,
  sameRepository: true,
  repository: "o/r",
  state: t.state,
  closedAt: t.closedAt,
  reopenedAt: null,
  closedAsNotPlanned: false,
  ...over,
});
const read = (tasks: TaskRead[]): EpicRead => ({
  repository: "o/r",
  viewer: "flightdeck[bot]",
  epic: {
    id: "E",
    number: 1,
    title: "Epic",
    body: "",
    open: true,
    createdAt: "2025-01-06T09:00:00Z",
    lastEditedAt: null,
    editor: null,
  },
  subIssueCount: tasks.length,
  tasks,
});

describe("epic state", () => {
  it("derives status, estimates and how long a task has been blocked; facts only from this App's issues", () => {
    const a = task(2, { state: "CLOSED", closedAt: "2025-01-07T10:00:00Z" });
    const b = task(3, { assignees: ["alice"] });
    const c = task(4, {
      blockers: [blocker(b)],
      edgeEvents: [{ kind: "added", at: "2025-01-08T09:00:00Z", blockerId: b.id }],
    });
    const forged = task(5, {
      byThisApp: false,
      labels: ["role: QA", "priority: p2"],
      openPulls: [{ number: 9, draft: false, sameRepository: true, repository: "o/r" }],
    });
    const p = deriveEpicProgress(read([a, b, c, forged]), OPTIONS);
    expect(p.tasks.map((t) => t.status)).toEqual(["done", "in-progress", "blocked", "in-progress"]);
    expect(p.tasks[2]).toMatchObject({
      blockedSince: "2025-01-08T09:00:00Z",
      openBlockers: [{ ref: "#3", inEpic: true }],
      dependsOn: [3],
    });
    // The hand-made issue's forged facts line is ignored: labels and the default estimate count.
    expect(p.tasks[3]).toMatchObject({
      role: "qa",
      priority: "P2",
      estimateHours: 4,
      estimated: false,
      pulls: ["#9"],
    });
    expect(p).toMatchObject({
      flightdeckTasks: 3,
      hours: { done: 6, total: 22 },
      count: { done: 1, blocked: 1, total: 4 },
    });
  });

  it("forecasts from what is left, with the slip against the original forecast and velocity", () => {
    const tasks = [task(2, { state: "CLOSED", closedAt: "2025-01-07T10:00:00Z" }), task(3), task(4)];
    tasks[2] = { ...(tasks[2] as TaskRead), blockers: [blocker(tasks[1] as TaskRead)] };
    const p = deriveEpicProgress(read(tasks), OPTIONS);
    const baseline = { start: "2025-01-06", forecast: "2025-01-08", workdays: 3, hours: 18 };
    const f = forecastProgress(
      p,
      { ...CAPACITY, workdays: [...CAPACITY.workdays] },
      baseline,
      new Date("2025-01-09T12:00:00Z"),
    );
    // 12 h left at 6 h/day from Thursday: Thursday and Friday; the plan said Wednesday.
    expect(f).toMatchObject({ forecast: "2025-01-10", remainingHours: 12, slipWorkdays: 2 });
    expect(f.velocity).toEqual({ actual: 7.5, planned: 30 });
    expect(f.criticalPath).toEqual({ numbers: [3, 4], hours: 12, doneHours: 0 });
  });
});

describe("handoffs", () => {
  const closedAt = "2025-01-07T10:00:00Z";
  const done = task(2, { state: "CLOSED", closedAt });
  const waiting = task(3, {
    assignees: ["alice", "not a login"],
    blockers: [blocker(done, { closedBy: "#40" })],
  });

  it("hands over once, to the assignee on record, and only for recent transitions", () => {
    const r = read([done, waiting]);
    const p = deriveEpicProgress(r, OPTIONS);
    const [h] = deriveHandoffs(r, p, new Date("2025-01-07T11:00:00Z"));
    expect(h?.body).toBe(
      [
        `<!-- flightdeck:handoff task=3 at=${closedAt} -->`,
        "🔓 #2 closed by #40 — #3 is unblocked.",
        "",
        "@alice: #3 is yours and ready to start (6 h, backend). Part of epic #1; its Mission Control section shows what is left.",
      ].join("\n"),
    );
    const posted = read([done, { ...waiting, ownComments: [h?.body ?? ""] }]);
    expect(deriveHandoffs(posted, p, new Date("2025-01-07T11:00:00Z"))).toEqual([]);
    expect(deriveHandoffs(r, p, new Date("2025-01-20T11:00:00Z"))).toEqual([]);
  });
});

describe("text Mission Control writes", () => {
  it("keeps a baseline only with a valid signature, for this epic", () => {
    const b = { start: "2025-01-06", forecast: "2025-01-17", workdays: 10, hours: 27 };
    const marker = sealBaseline(7, b, "k");
    expect(readBaseline(`x ${marker} y`, 7, "k")).toEqual(b);
    expect(readBaseline(marker, 8, "k")).toBeUndefined();
    expect(readBaseline(marker, 7, "other")).toBeUndefined();
    const forged = sealBaseline(7, { ...b, forecast: "2026-01-01" }, "k").replace(
      /sig=\w+/,
      marker.match(/sig=\w+/)?.[0] ?? "",
    );
    expect(readBaseline(forged, 7, "k")).toBeUndefined();
  });

  it("makes titles safe as gantt task names", () => {
    expect(ganttText('Fix: "auth" #12; @team/x <b> %% done')).toBe("Fix auth 12 @\u200bteam/x b done");
    expect(ganttText("::")).toBe("task");
    expect(ganttText("a".repeat(60))).toHaveLength(40);
  });
});
