import { describe, expect, it } from "vitest";
import { type CommitRun, commitEvidence, LAUNCH_KINDS } from "../../src/gates/commit-evidence.js";
import { GITHUB_ACTIONS_APP_ID } from "../../src/gates/evidence.js";
import { reportCheckOutput } from "../../src/reports/publish.js";
import { CHECK_NAMES, type WatchReport } from "../../src/reports/schema.js";
import { qaReportFixture } from "../support/reports.js";

const SHA = "c0ffee".padEnd(40, "0");
const CONTEXT = { sha: SHA, repository: "acme/shop" };

function run(id: number, name: string, completedAt: string, text: string | null): CommitRun {
  return {
    id,
    name,
    status: "completed",
    completedAt,
    appId: GITHUB_ACTIONS_APP_ID,
    text,
    url: `https://github.com/acme/shop/runs/${id}`,
  };
}

const watch: WatchReport = {
  schema: "flightdeck.report/v1",
  kind: "watch",
  sha: SHA,
  createdAt: "2025-01-20T10:00:00.000Z",
  environment: "production",
  outcome: "healthy",
  windowSec: 60,
  consecutive: 2,
  rules: [],
  windows: [],
  durationMs: 1,
};

describe("commitEvidence", () => {
  const passing = run(
    1,
    CHECK_NAMES.qa,
    "2025-01-20T08:00:00Z",
    reportCheckOutput(qaReportFixture(SHA)).text,
  );
  const unreadable = run(2, CHECK_NAMES.qa, "2025-01-20T09:00:00Z", "no report here");

  it("lets the newest report decide: an unreadable newest one is a problem, not replaced by an older one", () => {
    const out = commitEvidence([passing, unreadable], CONTEXT);
    expect(out.qa).toBeUndefined();
    expect(out.problems).toEqual([
      "the Flightdeck QA check run 2: the check run carries no Flightdeck report",
    ]);
    expect(commitEvidence([passing], CONTEXT).qa?.url).toBe("https://github.com/acme/shop/runs/1");
  });

  it("reads deploy and watch reports only when asked for them (the launch report's kinds)", () => {
    const runs = [passing, run(3, CHECK_NAMES.watch, "2025-01-20T10:00:00Z", reportCheckOutput(watch).text)];
    expect(commitEvidence(runs, CONTEXT).watch).toBeUndefined();
    const launch = commitEvidence(runs, CONTEXT, LAUNCH_KINDS);
    expect(launch.watch?.report.outcome).toBe("healthy");
    expect(launch.qa?.report.kind).toBe("qa");
    // A newer unreadable watch report is shown as such; the older healthy one does not count.
    const broken = run(4, CHECK_NAMES.watch, "2025-01-20T11:00:00Z", null);
    const later = commitEvidence([...runs, broken], CONTEXT, LAUNCH_KINDS);
    expect(later.watch).toBeUndefined();
    expect(later.problems).toEqual([
      "the Flightdeck Watch check run 4: the check run carries no Flightdeck report",
    ]);
  });

  it("ignores check runs of other Apps, whatever their name", () => {
    const forged = { ...unreadable, appId: 999 };
    expect(commitEvidence([passing, forged], CONTEXT).problems).toEqual([]);
  });
});
