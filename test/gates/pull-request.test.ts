import { describe, expect, it } from "vitest";
import { PullRequestPolicy } from "../../src/config/schema.js";
import { evaluatePullRequestGate, type PullRequestEvidence } from "../../src/gates/pull-request.js";
import { verdictMarkdown } from "../../src/gates/verdict.js";
import { emptyCounts, type QaReport } from "../../src/reports/schema.js";

const HEAD = "a".repeat(40);
const OLD = "b".repeat(40);

function qaReport(
  over: { failed?: number; p0Failed?: number; lines?: number; total?: number } = {},
): QaReport {
  const total = over.total ?? 20;
  const failed = over.failed ?? 0;
  return {
    schema: "flightdeck.report/v1",
    kind: "qa",
    sha: HEAD,
    createdAt: "2026-11-20T10:00:00.000Z",
    tests: { total, passed: total - failed, failed, errored: 0, skipped: 0, flaky: 0 },
    byPriority: {
      P0: { ...emptyCounts(), total: 5, passed: 5 - (over.p0Failed ?? 0), failed: over.p0Failed ?? 0 },
      P1: {
        ...emptyCounts(),
        total: total - 5,
        passed: total - 5 - failed + (over.p0Failed ?? 0),
        failed: failed - (over.p0Failed ?? 0),
      },
      P2: emptyCounts(),
    },
    failures: [],
    ...(over.lines !== undefined ? { coverage: { lines: over.lines } } : {}),
    durationMs: 10,
    sources: [],
  };
}

const policy = PullRequestPolicy.parse({
  qa: { maxFailures: { value: 0 }, minCoverage: { lines: 80, level: "warn" } },
  approvals: [{ role: "qa", count: 2 }],
});
const writers = new Set(["quinn", "quade", "mona", "author"]);
const base = (over: Partial<PullRequestEvidence> = {}): PullRequestEvidence => ({
  headSha: HEAD,
  author: "author",
  headSince: "2026-11-20T08:00:00Z",
  reviews: [],
  commands: [],
  team: { qa: ["quinn", "quade", "author", "outsider"], backend: ["mona"] },
  canWrite: (l) => writers.has(l),
  ...over,
});
const approve = (user: string, commitId = HEAD, at = "2026-11-20T11:00:00Z") => ({
  user,
  state: "APPROVED",
  commitId,
  submittedAt: at,
});

describe("pull-request gate", () => {
  it("goes red → yellow → green as the QA report and approvals arrive, with every reason", () => {
    let v = evaluatePullRequestGate(policy, base());
    expect(v).toMatchObject({ decision: "no-go", color: "red", conclusion: "failure" });
    expect(v.title).toBe(
      `No-go: no QA report for aaaaaaa yet (run the Flightdeck QA action on this commit); 0/2 qa approvals`,
    );

    v = evaluatePullRequestGate(policy, base({ qaReport: qaReport({ lines: 78.4 }) }));
    expect(v).toMatchObject({ decision: "no-go", conclusion: "action_required" });
    expect(v.title).toBe("No-go: 0/2 qa approvals");

    v = evaluatePullRequestGate(
      policy,
      base({ qaReport: qaReport({ lines: 78.4 }), reviews: [approve("quinn"), approve("quade")] }),
    );
    expect(v).toMatchObject({
      decision: "go",
      color: "yellow",
      conclusion: "neutral",
      title: "Go with warnings: lines coverage 78.4% < 80%",
    });

    v = evaluatePullRequestGate(
      policy,
      base({ qaReport: qaReport({ lines: 91 }), reviews: [approve("quinn"), approve("quade")] }),
    );
    expect(v).toMatchObject({ decision: "go", color: "green", conclusion: "success" });
    expect(verdictMarkdown(v)).toContain("| ✅ | qa approvals | 2 | 2 | blocking |");
    expect(verdictMarkdown(v)).toContain("| ✅ | lines coverage | ≥ 80% | 91.0% | warning |");
  });

  it("fails on failing P0 tests and too many failures, naming both", () => {
    const v = evaluatePullRequestGate(
      policy,
      base({ qaReport: qaReport({ failed: 3, p0Failed: 1, lines: 90 }) }),
    );
    expect(v.conclusion).toBe("failure");
    expect(v.title).toBe("No-go: 1 P0 test failing; 3 failing tests > 0; 0/2 qa approvals");
  });

  it("does not pass a report that found no tests", () => {
    const v = evaluatePullRequestGate(policy, base({ qaReport: qaReport({ total: 0 }) }));
    expect(v.title).toContain("the QA report found no tests");
  });

  it("never counts the author, committers, stale approvals, users without write access, or non-members", () => {
    const v = evaluatePullRequestGate(
      policy,
      base({
        qaReport: qaReport({ lines: 95 }),
        reviews: [
          approve("author"),
          approve("quinn", OLD),
          approve("outsider"),
          approve("mona"),
          approve("quade"),
        ],
        contributors: ["Quade"],
      }),
    );
    expect(v.criteria.find((c) => c.id === "approvals.qa")?.actual).toBe("0");
  });

  it("lets a member's later word win, and counts /flightdeck go only after the head was pushed", () => {
    const reviews = [
      approve("quinn", HEAD, "2026-11-20T09:00:00Z"),
      { user: "quinn", state: "CHANGES_REQUESTED", commitId: HEAD, submittedAt: "2026-11-20T10:00:00Z" },
    ];
    const commands = [
      { user: "quade", command: "go" as const, at: "2026-11-20T09:30:00Z" },
      { user: "mona", command: "go" as const, at: "2026-11-20T10:30:00Z" },
    ];
    const teams = { qa: ["quinn", "quade", "mona"] };
    let v = evaluatePullRequestGate(
      policy,
      base({
        qaReport: qaReport({ lines: 95 }),
        reviews,
        commands,
        team: teams,
        headSince: "2026-11-20T10:15:00Z",
      }),
    );
    // quinn's later CHANGES_REQUESTED cancels the approval; quade's go predates the push.
    expect(v.criteria.find((c) => c.id === "approvals.qa")?.actual).toBe("1");
    // Without a known push time no go counts (fail closed).
    const { headSince: _, ...unknown } = base({ reviews, commands, team: teams });
    v = evaluatePullRequestGate(policy, unknown);
    expect(v.criteria.find((c) => c.id === "approvals.qa")?.actual).toBe("0");
  });

  it("blocks on /flightdeck no-go until the same member withdraws; ignores no-go from others", () => {
    const approvals = [approve("quinn"), approve("quade")];
    const noGo = {
      user: "mona",
      command: "no-go" as const,
      reason: "migration not reviewed",
      at: "2026-11-20T09:00:00Z",
    };
    const outsider = {
      user: "outsider",
      command: "no-go" as const,
      reason: "nope",
      at: "2026-11-20T09:00:00Z",
    };
    let v = evaluatePullRequestGate(
      policy,
      base({ qaReport: qaReport({ lines: 95 }), reviews: approvals, commands: [noGo, outsider] }),
    );
    expect(v).toMatchObject({
      conclusion: "failure",
      title: "No-go: no-go from mona: migration not reviewed",
    });
    const withdraw = { user: "mona", command: "withdraw" as const, at: "2026-11-20T12:00:00Z" };
    v = evaluatePullRequestGate(
      policy,
      base({
        qaReport: qaReport({ lines: 95 }),
        reviews: approvals,
        commands: [noGo, outsider, withdraw],
      }),
    );
    expect(v.conclusion).toBe("success");
  });

  it("honours off and warn levels", () => {
    const lenient = PullRequestPolicy.parse({
      qa: { required: "warn", p0MustPass: "off", maxFailures: { value: 0, level: "off" } },
    });
    const v = evaluatePullRequestGate(lenient, base());
    expect(v).toMatchObject({ decision: "go", conclusion: "neutral" });
    expect(v.criteria.map((c) => c.id)).toEqual(["qa.report"]);
  });
});
