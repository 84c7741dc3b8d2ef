import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { deriveEpicProgress } from "../../src/progress/epic-state.js";
import { baselineOf, forecastProgress, taskDueDates } from "../../src/progress/forecast.js";
import type { EpicRead, TaskRead } from "../../src/progress/read-model.js";
import { buildDigest, type StandupTask } from "../../src/standup/digest.js";
import { parseStandupMarker, standupMarkdown, standupMarker } from "../../src/standup/render.js";
import { standupTasks } from "../../src/standup/tasks.js";

const NOW = new Date("2026-12-07T09:00:00Z"); // a Monday
const task = (number: number, extra: Partial<StandupTask> = {}): StandupTask => ({
  number,
  title: `Task ${number}`,
  status: "open",
  assignees: [],
  blockers: [],
  pulls: [],
  ...extra,
});

describe("standup digest", () => {
  const tasks = [
    task(2, { status: "done", closedAt: "2026-12-06T15:00:00Z", assignees: ["alice"] }),
    task(3, { status: "done", closedAt: "2026-11-30T15:00:00Z", assignees: ["alice"] }),
    task(4, { status: "in-progress", assignees: ["alice"], pulls: ["#9"] }),
    task(5, { status: "blocked", assignees: ["bob"], blockers: [{ ref: "#4", title: "Task 4" }] }),
    task(6, { status: "in-progress", assignees: ["bob"] }),
    task(7, { title: "Ship @everyone #3 <b>now</b>" }),
  ];
  const forecasts = new Map([
    [4, { critical: true, finish: "2026-12-02" }],
    [6, { critical: false, finish: "2026-12-01" }],
    [7, { critical: true, finish: "2026-12-20" }],
  ]);
  const digest = buildDigest({
    epic: { number: 1, title: "Billing" },
    tasks,
    forecasts,
    since: "2026-12-04T09:00:00Z",
    now: NOW,
    previous: { at: "2026-12-04T09:00:00Z", risks: ["blocked:5"] },
  });

  it("sorts each person's work into done, in progress, blocked and at risk", () => {
    const alice = digest.people.find((p) => p.login === "alice");
    expect(alice?.done.map((t) => t.number)).toEqual([2]); // #3 closed before `since`
    expect(alice?.inProgress.map((t) => t.number)).toEqual([4]);
    expect(alice?.atRisk.map((r) => [r.task.number, r.forecast, r.daysLate])).toEqual([[4, "2026-12-02", 3]]);
    const bob = digest.people.find((p) => p.login === "bob");
    expect(bob?.blocked.map((r) => [r.task.number, r.blockers?.map((b) => b.ref)])).toEqual([[5, ["#4"]]]);
    expect(bob?.atRisk).toEqual([]); // #6 is late but not on the critical path
    expect(digest.people.at(-1)).toMatchObject({
      login: null,
      open: [expect.objectContaining({ number: 7 })],
    });
    expect(digest.totals).toEqual({
      tasks: 6,
      done: 1,
      closed: 2,
      inProgress: 2,
      blocked: 1,
      atRisk: 1,
      open: 1,
    });
  });

  it("lists only the risks the previous digest did not", () => {
    expect(digest.risks.map((r) => r.id)).toEqual(["late:4", "blocked:5", "unowned:7"]);
    expect(digest.newRisks.map((r) => r.id)).toEqual(["late:4", "unowned:7"]);
  });

  it("renders one comment with a marker the next digest reads back", () => {
    const md = standupMarkdown(digest);
    expect(md.split("\n")[0]).toBe(standupMarker(digest));
    expect(parseStandupMarker(md, 1)).toEqual({
      day: "2026-12-07",
      at: NOW.toISOString(),
      risks: ["late:4", "blocked:5", "unowned:7"],
    });
    expect(parseStandupMarker(md, 2)).toBeUndefined();
    expect(md).toContain(
      "Since 2026-12-04 09:00 UTC: **1 done** · 2 in progress · 1 blocked · 1 at risk · 1 not started · 2/6 tasks closed in all.",
    );
    expect(md).toContain("- ⛔ Blocked: #5 Task 5 — blocked by #4 Task 4");
    expect(md).toContain(
      "- ⏰ At risk: #4 Task 4 — on the critical path, forecast to finish 2026-12-02, 3 working days late",
    );
    expect(md).toContain("- 🔨 In progress: #4 Task 4 (PR #9)");
    expect(md).toContain("#### Unassigned");
    // Untrusted titles: no mention, no cross-reference, no HTML.
    expect(md).not.toMatch(/@everyone|#3 <b>|<b>/);
  });

  it("adds the summary paragraph only when one is given, sanitized", () => {
    expect(standupMarkdown(digest)).not.toContain("Summary");
    expect(standupMarkdown(digest, { text: "All good, ping @alice about #5" })).toContain(
      "> _Summary (AI, from the facts below):_ All good, ping @\u200balice about #\u200b5",
    );
    expect(standupMarkdown(digest, { text: "Fine.", costUsd: 0.0019 })).toContain(
      "> _Summary (AI, from the facts below, $0.0019):_ Fine.",
    );
  });

  it("says when there is nothing to report", () => {
    const empty = buildDigest({
      epic: { number: 1, title: "E" },
      tasks: [],
      forecasts: new Map(),
      since: "2026-12-06T09:00:00Z",
      now: NOW,
    });
    expect(standupMarkdown(empty)).toContain("_Nothing open and nothing done since the last digest._");
    expect(standupMarkdown(empty)).toContain("**New risks:** none since the last digest.");
  });
});

describe("task forecasts from Mission Control", () => {
  const read = (tasks: Array<Partial<TaskRead> & { number: number }>): EpicRead => ({
    repository: "o/r",
    viewer: "flightdeck[bot]",
    epic: {
      id: "E",
      number: 1,
      title: "Epic",
      body: "",
      open: true,
      createdAt: "2026-12-01T09:00:00Z",
      lastEditedAt: null,
      editor: null,
    },
    subIssueCount: tasks.length,
    tasks: tasks.map((t) => ({
      id: `I_${t.number}`,
      title: `Task ${t.number}`,
      body: "",
      state: "OPEN",
      createdAt: "2026-12-01T09:00:00Z",
      closedAt: null,
      byThisApp: false,
      sameRepository: true,
      assignees: [],
      labels: ["role: backend"],
      blockers: [],
      openPulls: [],
      edgeEvents: [],
      ownComments: [],
      ...t,
    })),
  });
  const blocker = (n: number) => ({
    id: `I_${n}`,
    number: n,
    title: `Task ${n}`,
    sameRepository: true,
    repository: "o/r",
    state: "OPEN" as const,
    closedAt: null,
    reopenedAt: null,
    closedAsNotPlanned: false,
  });

  it("puts the critical path and each task's original forecast finish in the digest", () => {
    const progress = deriveEpicProgress(
      read([{ number: 2 }, { number: 3, blockers: [blocker(2)] }, { number: 4, labels: ["role: qa"] }]),
      { labels: DEFAULT_CONFIG.labels, defaultEstimateHours: 12 },
    );
    const capacity = { team: DEFAULT_CONFIG.team, ...DEFAULT_CONFIG.capacity };
    const baseline = baselineOf(progress, capacity, new Date("2026-12-01T00:00:00Z"));
    expect(baseline.start).toBe("2026-12-01");
    const { tasks, forecasts: f } = standupTasks(
      progress,
      forecastProgress(progress, capacity, baseline, NOW),
      taskDueDates(progress, capacity, baseline),
    );
    expect(tasks.find((t) => t.number === 3)).toMatchObject({
      status: "blocked",
      blockers: [{ ref: "#2", title: "Task 2" }],
    });
    expect(f.get(2)).toEqual({ critical: true, finish: expect.stringMatching(/^2026-12-0\d$/) });
    expect(f.get(3)?.critical).toBe(true);
    expect(f.get(4)?.critical).toBe(false);
    expect((f.get(3)?.finish ?? "") > (f.get(2)?.finish ?? "")).toBe(true);
  });
});
