import { describe, expect, it } from "vitest";
import { reportCheckOutput } from "../src/reports/publish.js";
import type { LoadReport, QaReport } from "../src/reports/schema.js";
import { appHarness } from "./support/app-harness.js";
import { BOT, FLIGHTDECK_APP } from "./support/fake-github.js";
import { checkRunEvent, protectionRuleRequested } from "./support/pr-webhooks.js";
import { loadReportFixture, qaReportFixture } from "./support/reports.js";
import { issuesLabeled, webhookProblems } from "./support/webhooks.js";

const HEAD = "1".repeat(40);
const MERGE = "2".repeat(40);
const CONFIG = `
gates:
  deployments:
    production:
      load: { thresholds: ["p95<200", "error_rate<0.01"] }
      checklist: block
    staging:
      pullRequestGate: off
      p0Bugs: { level: off }
`;

const qa = (sha: string, failed = 0): QaReport => qaReportFixture(sha, { p0: 10, failed });
const load = (sha: string, p95: number): LoadReport => loadReportFixture(sha, p95);

async function world(config = CONFIG, routes: Array<"GET" | "POST" | "PATCH"> = ["GET", "POST"]) {
  const h = await appHarness({ config, routes });
  const pull = h.fake.addPull(HEAD, "dev");
  pull.mergeSha = MERGE;
  pull.state = "closed";
  const check = (
    name: string,
    sha: string,
    out: { title: string; summary: string; text: string },
    conclusion = "success",
  ) =>
    h.fake.addCheckRun({
      name,
      headSha: sha,
      status: "completed",
      conclusion,
      completedAt: "2026-11-20T10:00:00Z",
      output: out,
      // The gate's verdict is Flightdeck's own check run; reports come from workflows.
      ...(name === "Flightdeck Go/No-Go" ? { app: FLIGHTDECK_APP } : {}),
    });
  const checklist = (ticked: boolean) => {
    // Opened by Flightdeck (`/flightdeck launch`): written through the App, with its marker.
    const issue = h.fake.addIssue(
      "Release v1.2 readiness",
      `- [x] Backups configured\n- [${ticked ? "x" : " "}] Runbook written\n\n<!-- flightdeck:checklist version=v1.2 -->`,
      BOT,
    );
    issue.labels = ["release-checklist"];
    return issue;
  };
  const request = async (environment: string, sha = MERGE, runId = 77) => {
    const payload = protectionRuleRequested(environment, sha, runId);
    expect(webhookProblems("deployment_protection_rule", "requested", payload)).toEqual([]);
    await h.deliver("deployment_protection_rule" as never, payload);
    await h.settle();
    return h.fake.ruleAnswers.at(-1);
  };
  /** GitHub reports a "Flightdeck QA" check run completed on the release commit (no PR listed). */
  const qaCompleted = async () => {
    await h.deliver(
      "check_run",
      checkRunEvent("completed", "Flightdeck QA", {
        number: pull.number,
        headSha: MERGE,
        author: "dev",
        fork: true,
      }),
    );
    await h.settle();
  };
  return { ...h, pull, check, checklist, request, qaCompleted };
}

describe("deployment protection rule", () => {
  it("approves when the PR gate, QA, load test, checklist and P0 bugs all say go", async () => {
    const w = await world();
    w.check("Flightdeck Go/No-Go", HEAD, { title: "Go: every criterion is met", summary: "", text: "" });
    w.check("Flightdeck QA", MERGE, reportCheckOutput(qa(MERGE)));
    w.check("Flightdeck Load Test", MERGE, reportCheckOutput(load(MERGE, 120)));
    w.checklist(true);
    const answer = await w.request("production");
    expect(answer).toMatchObject({ runId: 77, environment: "production", state: "approved" });
    expect(answer?.comment).toContain("✅ **Flightdeck: go** for production at 2222222.");
    expect(answer?.comment).toContain(`#${w.pull.number} is a go`);
    w.done();
  });

  it("does not take a green Flightdeck Go/No-Go from another app as the pull request's verdict", async () => {
    const w = await world();
    w.fake.addCheckRun({
      name: "Flightdeck Go/No-Go",
      headSha: HEAD,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T11:00:00Z",
      output: { title: "Go: every criterion is met", summary: "", text: "" },
      // A workflow's GITHUB_TOKEN, i.e. the github-actions App, not Flightdeck.
      app: { id: 15368, slug: "github-actions" },
    });
    w.check("Flightdeck QA", MERGE, reportCheckOutput(qa(MERGE)));
    w.check("Flightdeck Load Test", MERGE, reportCheckOutput(load(MERGE, 120)));
    w.checklist(true);
    const answer = await w.request("production");
    expect(answer?.state).not.toBe("approved");
    expect(answer?.comment).not.toContain(`#${w.pull.number} is a go`);
  });

  it("does not take a passing Flightdeck QA report from another app as evidence on the deployed commit", async () => {
    const w = await world();
    w.check("Flightdeck Go/No-Go", HEAD, { title: "Go: every criterion is met", summary: "", text: "" });
    w.fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: MERGE,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T11:00:00Z",
      output: reportCheckOutput(qa(MERGE)),
      app: { id: 9999, slug: "not-actions" },
    });
    w.check("Flightdeck Load Test", MERGE, reportCheckOutput(load(MERGE, 120)));
    w.checklist(true);
    const answer = await w.request("production");
    expect(answer?.state).not.toBe("approved");
    expect(answer?.comment).toContain("QA report");
  });

  it("rejects with every reason: failing load thresholds, an open P0 bug, a no-go pull request", async () => {
    const w = await world();
    w.check(
      "Flightdeck Go/No-Go",
      HEAD,
      { title: "No-go: 0/2 qa approvals", summary: "", text: "" },
      "action_required",
    );
    w.check("Flightdeck QA", MERGE, reportCheckOutput(qa(MERGE)));
    w.check("Flightdeck Load Test", MERGE, reportCheckOutput(load(MERGE, 350)));
    w.checklist(true);
    const bug = w.fake.addIssue("Checkout charges twice", "");
    bug.labels = ["P0 bug"];
    const answer = await w.request("production");
    expect(answer?.state).toBe("rejected");
    expect(answer?.comment).toContain(`❌ #${w.pull.number} is a no-go: No-go: 0/2 qa approvals`);
    expect(answer?.comment).toContain("❌ load thresholds failed: p95<200 (actual 350 ms)");
    expect(answer?.comment).toContain(`❌ open P0 bugs: #${bug.number}`);
    expect(answer?.comment.length).toBeLessThanOrEqual(1024);
    w.done();
  });

  it("waits for missing evidence with a status report, then approves when the QA report arrives", async () => {
    const w = await world("gates:\n  deployments:\n    staging:\n      pullRequestGate: off\n", [
      "GET",
      "POST",
    ]);
    const first = await w.request("staging");
    expect(first).toMatchObject({ environment: "staging" });
    expect(first?.state).toBeUndefined();
    expect(first?.comment).toContain("⏳ **Flightdeck is waiting** for evidence before staging at 2222222.");
    expect(first?.comment).toContain("⏳ no QA report on 2222222 yet");

    w.fake.waitingRuns.push({
      id: 77,
      headSha: MERGE,
      createdAt: "2026-11-20T09:00:00Z",
      environments: ["staging"],
    });
    w.check("Flightdeck QA", MERGE, reportCheckOutput(qa(MERGE)));
    await w.qaCompleted();
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 77, environment: "staging", state: "approved" });
    expect(w.fake.ruleAnswers).toHaveLength(2);
    w.done();
  });

  it("rejects a deployment still waiting after 29 days, inside GitHub's 30-day window", async () => {
    const w = await world("gates:\n  deployments:\n    staging:\n      pullRequestGate: off\n", [
      "GET",
      "POST",
    ]);
    w.fake.waitingRuns.push({
      id: 90,
      headSha: MERGE,
      createdAt: "2024-01-01T00:00:00Z",
      environments: ["staging"],
    });
    const issue = w.fake.addIssue("Payments double-charge", "");
    // A P0 bug being labelled is evidence for deployments: the waiting run is re-evaluated.
    await w.deliver("issues", issuesLabeled({ number: issue.number, body: "" }, "P0 bug", "mona"));
    await w.settle();
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 90, state: "rejected" });
    expect(w.fake.ruleAnswers.at(-1)?.comment).toMatch(/^❌ The evidence did not arrive within 29 days/);
    w.done();
  });

  it("rejects and says how to configure an environment without a policy, and a commit no pull request brought", async () => {
    const w = await world();
    expect(await w.request("qa-lab")).toMatchObject({
      state: "rejected",
      comment: expect.stringContaining(
        '❌ Flightdeck has no policy for the "qa-lab" environment. Add `gates.deployments.qa-lab`',
      ),
    });
    const orphan = "3".repeat(40);
    const answer = await w.request("production", orphan, 78);
    expect(answer?.state).toBe("rejected");
    expect(answer?.comment).toContain("❌ no pull request brought 3333333, so it has no go/no-go verdict");
    w.done();
  });

  it("answers an internal error as rejected, with the reason", async () => {
    const w = await world();
    w.fake.forbidden.push(/\/check-runs$/);
    const answer = await w.request("production");
    expect(answer?.state).toBe("rejected");
    expect(answer?.comment).toMatch(
      /^❌ Flightdeck could not evaluate this deployment \(internal error: Resource not accessible by integration/,
    );
  });
});

describe("answers GitHub refuses", () => {
  it("a sweep re-approving a run that now waits only for its reviewers is logged, never turned into a rejection", async () => {
    const w = await world("gates:\n  deployments:\n    staging:\n      pullRequestGate: off\n", [
      "GET",
      "POST",
    ]);
    w.check("Flightdeck QA", MERGE, reportCheckOutput(qa(MERGE)));
    expect(await w.request("staging")).toMatchObject({ state: "approved" });
    // Still waiting (for required reviewers): a new check run triggers a sweep.
    w.fake.waitingRuns.push({
      id: 77,
      headSha: MERGE,
      createdAt: "2026-11-20T09:00:00Z",
      environments: ["staging"],
    });
    await w.qaCompleted();
    expect(w.fake.ruleAnswers.map((a) => a.state)).toEqual(["approved"]);
    // Two answers attempted (the approval, the refused re-approval) and no rejection after it.
    expect(w.served.calls.filter((c) => c === "actions/review-custom-gates-for-run")).toHaveLength(2);
    w.done();
  });
});
