import { describe, expect, it } from "vitest";
import {
  type EvidenceContext,
  type EvidenceRun,
  judgeEvidence,
  localUses,
} from "../../src/gates/evidence.js";
import { reportCheckOutput } from "../../src/reports/publish.js";
import { qaReportFixture } from "../support/reports.js";

const SHA = "c".repeat(40);
const REPO = "octo-org/launchpad";
const WORKFLOW = ".github/workflows/qa.yml";
const ACTIONS = { id: 15368, slug: "github-actions" };
const context = (over: Partial<EvidenceContext> = {}): EvidenceContext => ({
  repository: REPO,
  headSha: SHA,
  changedFiles: ["src/app.ts"],
  workflows: new Map([
    [WORKFLOW, "on: pull_request\njobs:\n  qa:\n    steps:\n      - uses: ./.github/actions/setup\n"],
  ]),
  actions: new Map([[".github/actions/setup", "runs:\n  using: composite\n  steps:\n    - run: npm ci\n"]]),
  ...over,
});
const report = (runId: number, over: Record<string, unknown> = {}) =>
  reportCheckOutput({
    ...qaReportFixture(SHA),
    repository: REPO,
    workflow: WORKFLOW,
    runId,
    ...over,
  } as never).text;
const run = (id: number, completedAt: string, over: Partial<EvidenceRun> = {}): EvidenceRun => ({
  id,
  name: "Flightdeck QA",
  status: "completed",
  completedAt,
  text: report(id),
  app: ACTIONS,
  workflowRun: { id, path: WORKFLOW, repository: REPO },
  ...over,
});

describe("evidence trusted only from its producer", () => {
  it("accepts the newest report of an unmodified workflow run", () => {
    const judged = judgeEvidence(
      "qa",
      [run(1, "2026-11-20T10:00:00Z"), run(2, "2026-11-20T11:00:00Z")],
      context(),
    );
    expect(judged.report).toMatchObject({ runId: 2 });
    expect(judged.untrusted).toEqual([]);
  });

  it("refuses a check run of the same name from another app, saying so", () => {
    const forged = run(3, "2026-11-20T12:00:00Z", { app: { id: 999, slug: "evil-app" } });
    const { workflowRun: _, ...noRun } = forged;
    const judged = judgeEvidence("qa", [noRun, run(1, "2026-11-20T10:00:00Z")], context());
    expect(judged.report).toMatchObject({ runId: 1 });
    expect(judged.untrusted).toEqual([
      'the Flightdeck QA check run 3 was made by the app "evil-app", not by a GitHub Actions workflow run; it is not evidence',
    ]);
  });

  it("refuses a report from a workflow the pull request modifies", () => {
    const judged = judgeEvidence(
      "qa",
      [run(1, "2026-11-20T10:00:00Z")],
      context({ changedFiles: [WORKFLOW] }),
    );
    expect(judged.report).toBeUndefined();
    expect(judged.untrusted).toEqual([
      "the QA workflow .github/workflows/qa.yml was modified in this pull request; its report is not evidence",
    ]);
  });

  it("refuses a report from a workflow whose local action the pull request modifies", () => {
    const judged = judgeEvidence(
      "qa",
      [run(1, "2026-11-20T10:00:00Z")],
      context({ changedFiles: [".github/actions/setup/action.yml"] }),
    );
    expect(judged.untrusted[0]).toBe(
      "the QA workflow .github/workflows/qa.yml uses ./.github/actions/setup, which this pull request modifies (.github/actions/setup/action.yml); its report is not evidence",
    );
  });

  it("trusts a workflow from another repository (required by a ruleset): the pull request cannot change it", () => {
    const central = run(4, "2026-11-20T10:00:00Z", {
      workflowRun: { id: 4, path: WORKFLOW, repository: "octo-org/.github" },
      text: report(4),
    });
    expect(judgeEvidence("qa", [central], context({ changedFiles: [WORKFLOW] })).report).toBeDefined();
  });

  it("fails on a newest report that is unreadable, never falling back to an older one", () => {
    const judged = judgeEvidence(
      "qa",
      [run(1, "2026-11-20T10:00:00Z"), run(2, "2026-11-20T11:00:00Z", { text: "garbage" })],
      context(),
    );
    expect(judged.report).toBeUndefined();
    expect(judged.problem).toBe("the check run carries no Flightdeck report");
  });

  it.each([
    [{ repository: "mallory/launchpad" }, "about mallory/launchpad, not octo-org/launchpad"],
    [{ sha: "d".repeat(40) }, "about commit ddddddd, not ccccccc"],
    [{ runId: 77 }, "from workflow run 77, but the check run came from run 1"],
    [
      { workflow: ".github/workflows/other.yml" },
      "from workflow .github/workflows/other.yml, but the check run",
    ],
    [{ runId: undefined }, "does not name its repository, commit, workflow and run"],
  ])("rejects a report whose fields disagree with its check run (%o)", (over, reason) => {
    const judged = judgeEvidence(
      "qa",
      [run(1, "2026-11-20T10:00:00Z", { text: report(1, over) })],
      context(),
    );
    expect(judged.report).toBeUndefined();
    expect(judged.problem).toContain(reason);
  });

  it("finds local actions and reusable workflows anywhere in a workflow", () => {
    const text = [
      "jobs:",
      "  a: { uses: ./.github/workflows/reusable.yml }",
      "  b:",
      "    steps: [{ uses: ./tools/action/ }, { uses: actions/checkout@v4 }]",
    ].join("\n");
    expect(localUses(text)).toEqual([".github/workflows/reusable.yml", "tools/action"]);
    expect(localUses("a: [")).toBeUndefined();
  });
});
