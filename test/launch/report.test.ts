import { describe, expect, it } from "vitest";
import type { LaunchFacts } from "../../src/launch/facts.js";
import { itemsMarker, parseItems, renderLaunchReport } from "../../src/launch/render.js";
import { buildLaunchReport } from "../../src/launch/report.js";
import { emptyCounts, type QaReport } from "../../src/reports/schema.js";
import { deploymentRecord, launchFacts, taskOutcome } from "../support/launch-facts.js";

const SHA = "b".repeat(40);

function qa(p1Failed: number): QaReport {
  const c = (total: number, failed: number) => ({ ...emptyCounts(), total, passed: total - failed, failed });
  return {
    schema: "flightdeck.report/v1",
    kind: "qa",
    createdAt: "2026-11-20T10:00:00Z",
    sha: SHA,
    tests: { ...c(30, p1Failed), flaky: 0 },
    byPriority: { P0: c(10, 0), P1: c(10, p1Failed), P2: c(10, 0) },
    failures: Array.from({ length: p1Failed }, (_, i) => ({
      name: i === 0 ? "invites @alice <!-- flightdeck:go --> #3" : `case ${i}`,
      message: "expected 200",
      kind: "failure" as const,
      priority: "P1" as const,
    })),
    durationMs: 1200,
    sources: [],
  };
}

function facts(overrides: Partial<LaunchFacts> = {}): LaunchFacts {
  return launchFacts({
    version: "v1.4.0",
    epics: [
      {
        number: 12,
        title: "Invitations",
        planned: true,
        forecast: "2026-11-13",
        tasks: [
          taskOutcome("T1", 13, {
            title: "Invite API",
            role: "backend",
            estimateHours: 8,
            plannedStart: "2026-11-02",
            plannedFinish: "2026-11-04",
            critical: true,
            closedAt: "2026-11-09T17:00:00Z",
          }),
          taskOutcome("T2", 14, {
            title: "Accept API",
            role: "backend",
            estimateHours: 6,
            plannedStart: "2026-11-05",
            plannedFinish: "2026-11-06",
            closedAt: "2026-11-12T12:00:00Z",
          }),
          taskOutcome("T3", 15, {
            title: "Invite form",
            role: "frontend",
            estimateHours: 6,
            plannedStart: "2026-11-05",
            plannedFinish: "2026-11-10",
            closedAt: "2026-11-10T12:00:00Z",
          }),
        ],
      },
    ],
    deployments: [
      deploymentRecord(901, "rolled_back", "2026-11-18T09:10:00Z", {
        sha: "a".repeat(40),
        createdAt: "2026-11-18T09:00:00Z",
        reason: "Rolled back: smoke test got 502 from @ops",
      }),
      deploymentRecord(902, "success", "2026-11-20T09:05:00Z", {
        sha: SHA,
        createdAt: "2026-11-20T09:00:00Z",
        firstCommitAt: "2026-11-17T09:05:00Z",
      }),
    ],
    release: { sha: SHA, deployedAt: "2026-11-20T09:05:00Z", deploymentId: 902 },
    qa: qa(2),
    ...overrides,
  });
}

describe("launch report", () => {
  it("derives the retrospective from the figures, with one action item per problem", () => {
    const r = buildLaunchReport(facts());
    expect(r.retro.wentWell).toContain("All 10 P0 tests passed on the released commit.");
    expect(r.retro.wentWell).toContain(
      "The work finished on 2026-11-12, on or before the forecast 2026-11-13.",
    );
    expect(r.retro.didNot).toContain("2 P1 tests failing on the released commit were deferred.");
    expect(
      r.retro.didNot.some((x) =>
        x.startsWith(
          "Deployment 901 of `aaaaaaa` to production was rolled back: Rolled back: smoke test got 502 from @\u200bops",
        ),
      ),
    ).toBe(true);
    expect(r.retro.actions.map((a) => a.key)).toEqual(["estimates-backend", "p1-tests", "deployment-901"]);
    expect(r.dora[0]).toMatchObject({
      environment: "production",
      deployments: 2,
      changeFailurePct: 50,
      leadTimeHours: 72,
    });
  });

  it("renders every section, a gantt of plan vs actual, and neutralizes untrusted text", () => {
    const body = renderLaunchReport(buildLaunchReport(facts()), { release: "v1.4.0" });
    expect(
      body.startsWith(
        "<!-- flightdeck:launch-report release=v1.4.0 -->\n## 🚀 Launch report: release v1.4.0",
      ),
    ).toBe(true);
    for (const heading of [
      "### Plan vs actual by role",
      "### Evidence on the released commit",
      "### Deployments (last 30 days)",
      "### Retrospective",
      "**Action items**",
    ])
      expect(body).toContain(heading);
    expect(body).toContain("```mermaid\ngantt\n  title Plan vs actual");
    expect(body).toContain("  planned :crit, p0, 2026-11-02, 2026-11-04");
    expect(body).toContain("  actual :done, a0, 2026-11-02, 2026-11-09");
    expect(body).toContain("| P1 | 10 | 8 | 2 | 0 | 80 % |");
    expect(body).toContain("| production | 2 | 0.23 | 72 h (1) | 50 % | 47.9 h |");
    // Only Flightdeck's own two markers: the report's and its action items'.
    expect(body.match(/<!--/g)).toHaveLength(2);
    expect(body).not.toMatch(/@alice|@ops/);
    expect(parseItems(body).map((i) => i.key)).toEqual(["estimates-backend", "p1-tests", "deployment-901"]);
    expect(parseItems(body)[1]?.body).toContain("invites @\u200balice <\u200b!-- flightdeck:go --> #\u200b3");
  });

  it("reports a release that has not reached production yet, and one with nothing wrong", () => {
    const early = renderLaunchReport(
      buildLaunchReport(facts({ release: undefined, qa: undefined, deployments: [] })),
      { release: "v1.4.0" },
    );
    expect(early).toContain("not yet deployed to **production**");
    expect(early).toContain("No QA report");
    const clean = buildLaunchReport(
      facts({ qa: qa(0), deployments: [facts().deployments[1] as never], epics: [] }),
    );
    expect(clean.retro.actions).toEqual([]);
    expect(clean.retro.wentWell).toContain(
      "No failed or rolled-back deployment to production in the window.",
    );
    expect(renderLaunchReport(clean, { epic: 12 })).not.toContain("retro apply");
  });

  it("reads back only well-formed action items", () => {
    expect(parseItems(itemsMarker([{ key: "a", title: "t", body: "b" }]))).toEqual([
      { key: "a", title: "t", body: "b" },
    ]);
    expect(parseItems("<!-- flightdeck:retro-items bm90IGpzb24= -->")).toEqual([]);
    expect(
      parseItems(`<!-- flightdeck:retro-items ${Buffer.from('[{"key":1}]').toString("base64")} -->`),
    ).toEqual([]);
  });

  it("stays under GitHub's comment limit with hundreds of tasks", () => {
    const tasks = Array.from({ length: 400 }, (_, i) => ({
      key: `T${i}`,
      number: 100 + i,
      title: `Task ${i} ${"x".repeat(200)}`,
      role: "backend" as const,
      estimateHours: 4,
      plannedStart: "2026-11-02",
      plannedFinish: "2026-11-03",
      createdAt: "2026-11-02T09:00:00Z",
      closedAt: "2026-11-20T09:00:00Z",
    }));
    const body = renderLaunchReport(
      buildLaunchReport(
        facts({ epics: [{ number: 12, title: "Big", planned: true, forecast: "2026-11-05", tasks }] }),
      ),
      { release: "v1.4.0" },
    );
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("(360 more tasks not drawn)");
    expect(parseItems(body).length).toBeGreaterThan(0);
  });
});
