import { beforeAll, describe, expect, it, vi } from "vitest";
import { reportCheckOutput } from "../src/reports/publish.js";
import type { CustomReport, LoadReport } from "../src/reports/schema.js";
import { appHarness } from "./support/app-harness.js";
import { BOT, type FakeIssue, githubSchema } from "./support/fake-github.js";
import { MAIN_HEAD, refsOf } from "./support/fake-github-refs.js";
import { codeScanningAlert, securityOf } from "./support/fake-github-security.js";
import { checkRunEvent, protectionRuleRequested } from "./support/pr-webhooks.js";
import { loadReportFixture, qaReportFixture } from "./support/reports.js";
import { issuesLabeled, realPayload, WORLD, webhookProblems } from "./support/webhooks.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 90_000 });

const TAG = "7".repeat(40);
const REPO = `${WORLD.owner}/${WORLD.repo}`;
const CONFIG = [
  "team:",
  "  devops: [devon]",
  "gates:",
  "  pullRequest:",
  "    security: { dependabot: { level: off }, secretScanning: { level: off } }",
  "  deployments:",
  "    production:",
  "      pullRequestGate: off",
  '      load: { thresholds: ["p95<200"] }',
  "      checklist: block",
].join("\n");

const load = (sha: string, p95: number): LoadReport => loadReportFixture(sha, p95, { repository: REPO });

const accessibility = (sha: string, keyboard: boolean): CustomReport => ({
  schema: "flightdeck.report/v1",
  kind: "custom",
  name: "accessibility",
  sha,
  repository: REPO,
  createdAt: "2026-11-20T10:00:00.000Z",
  checks: [
    { name: "colour contrast", pass: true },
    {
      name: "keyboard traps @everyone #3",
      pass: keyboard,
      ...(keyboard ? {} : { detail: "2 dialogs trap focus" }),
    },
  ],
});

/** `issues.<action>` from a real payload, for an issue of the test repository, schema-checked. */
function issueEvent(action: "edited" | "labeled" | "unlabeled", issue: FakeIssue, sender: string) {
  const p =
    action === "labeled"
      ? issuesLabeled(issue, issue.labels.at(-1) ?? "bug", sender)
      : realPayload("issues", action);
  if (action === "unlabeled") p.label = { ...(p.label ?? {}), name: "priority: P0" };
  p.repository.name = WORLD.repo;
  p.repository.full_name = REPO;
  p.repository.owner.login = WORLD.owner;
  p.repository.default_branch = "main";
  p.issue.number = issue.number;
  p.issue.body = issue.body;
  p.issue.state = issue.state === "OPEN" ? "open" : "closed";
  p.issue.pull_request = undefined;
  const template = p.issue.labels?.[0] ?? {
    id: 1,
    node_id: "LA_1",
    url: "https://api.github.com/labels/1",
    color: "ededed",
    default: false,
    description: null,
  };
  p.issue.labels = issue.labels.map((name) => ({ ...template, name }));
  p.sender = { ...p.sender, login: sender, type: "User" };
  expect(webhookProblems("issues", action, p)).toEqual([]);
  return p;
}

async function launched() {
  const h = await appHarness({ config: CONFIG, routes: ["GET", "POST", "PATCH"] });
  h.fake.addUser("devon", "write");
  await h.comment("/flightdeck launch v1.4.0", "devon", []);
  await h.settle();
  const issue = [...h.fake.issues.values()].find((i) => i.title === "Release v1.4.0: readiness checklist");
  if (!issue) throw new Error("no release issue");
  /** Publishes a report check run from a workflow (GitHub Actions' App) and delivers check_run.completed. */
  const publish = async (
    name: string,
    sha: string,
    out: { title: string; summary: string; text: string },
    at: string,
  ) => {
    h.fake.addCheckRun({
      name,
      headSha: sha,
      status: "completed",
      conclusion: "success",
      completedAt: at,
      output: out,
    });
    const event = checkRunEvent("completed", name, { number: 1, headSha: sha, author: "dev", fork: true });
    expect(webhookProblems("check_run", "completed", event)).toEqual([]);
    await h.deliver("check_run", event);
    await h.settle();
  };
  const line = (text: string) => issue.body.split("\n").find((l) => l.includes(text)) ?? "";
  return { ...h, issue, publish, line };
}

describe("the living readiness report", () => {
  it("is assembled at launch, then ticks and unticks evidence items as evidence arrives", async () => {
    const w = await launched();
    const { issue, line } = w;
    expect(issue.body.startsWith("<!-- flightdeck:readiness -->\n## Readiness report: 🔴 **No-go**")).toBe(
      true,
    );
    expect(issue.body).toContain(
      "Assembled by Flightdeck from the evidence on `ccccccc`, the head of `main` (no tag `v1.4.0` yet).",
    );
    expect(issue.body).toContain("- QA: no QA report on ccccccc");
    expect(issue.body).toContain("- Load test: no load report on ccccccc");
    expect(line("No open P0 bugs")).toMatch(
      /^- \[x\] No open P0 bugs <!-- flightdeck:evidence defects.p0 --> — ✅ \[no open P0 defects\]\(https:\/\/github.com\/octo-org\/launchpad\/issues\?q=/,
    );
    expect(line("Dependency and container scans")).toMatch(
      /^- \[x\] .* — ✅ \[open alerts within limits\]\(https:\/\/github.com\/octo-org\/launchpad\/security\/code-scanning/,
    );
    expect(line("Load test met")).toBe(
      "- [ ] Load test met its thresholds on staging <!-- flightdeck:evidence load --> — ⏳ no load report on ccccccc",
    );
    expect(issue.body).toContain("| production | ⏳ waiting |");

    // A person ticks a manual item, wrongly ticks an evidence item, and adds a note.
    issue.body = issue.body
      .replace("- [ ] Release notes written", "- [x] Release notes written")
      .replace("- [ ] Load test met", "- [x] Load test met")
      .concat("\n\nShip on Tuesday, after the freeze.");
    await w.deliver("issues", issueEvent("edited", issue, "devon"));
    await w.settle();
    expect(line("Release notes written")).toBe("- [x] Release notes written");
    expect(line("Load test met")).toMatch(/^- \[ \] Load test met/);
    expect(issue.body).toContain("Ship on Tuesday, after the freeze.");

    // QA arrives on the release commit: ticked, with a link to its check run.
    await w.publish(
      "Flightdeck QA",
      MAIN_HEAD,
      reportCheckOutput(qaReportFixture(MAIN_HEAD, { p0: 4 })),
      "2026-11-20T10:00:00Z",
    );
    expect(line("Tests, end-to-end included")).toMatch(
      /^- \[x\] .* — ✅ \[10\/10 tests pass\]\(https:\/\/github.com\/octo-org\/launchpad\/runs\/\d+\)$/,
    );
    expect(issue.body).toContain("| P0 | 4/4 | 0 | 0 | 100.0 % |");
    expect(issue.body).toContain("| P1 | 6/6 | 0 | 0 | 100.0 % |");

    // A failing load test stays unticked with the reason; a passing one ticks it.
    await w.publish(
      "Flightdeck Load Test",
      MAIN_HEAD,
      reportCheckOutput(load(MAIN_HEAD, 412)),
      "2026-11-20T11:00:00Z",
    );
    expect(line("Load test met")).toMatch(
      /^- \[ \] .* — ❌ \[thresholds failed: p95<200 \(actual 412 ms\)\]/,
    );
    await w.publish(
      "Flightdeck Load Test",
      MAIN_HEAD,
      reportCheckOutput(load(MAIN_HEAD, 120)),
      "2026-11-20T12:00:00Z",
    );
    expect(line("Load test met")).toMatch(/^- \[x\] .* — ✅ \[p95<200 met\]/);
    expect(issue.body).toContain("| `p95<200` | 120 ms | ✅ pass |");

    // A custom report (accessibility) is shown with its failing checks, sanitized, as a reason.
    await w.publish(
      "Flightdeck Report: accessibility",
      MAIN_HEAD,
      reportCheckOutput(accessibility(MAIN_HEAD, false)),
      "2026-11-20T12:10:00Z",
    );
    expect(issue.body).toContain("- ❌ [accessibility](https://github.com/octo-org/launchpad/runs/");
    expect(issue.body).toContain("  - ❌ keyboard traps @\u200beveryone #\u200b3: 2 dialogs trap focus");
    expect(issue.body).toContain("- accessibility: 1/2 checks fail: keyboard traps @\u200beveryone #\u200b3");

    // A P0 defect opens: the evidence item unticks, and the defect is listed by priority.
    const bug = w.fake.addIssue("Checkout crashes on empty cart", "", "quinn");
    bug.labels = ["bug", "priority: P0"];
    await w.deliver("issues", issueEvent("labeled", bug, "quinn"));
    await w.settle();
    expect(line("No open P0 bugs")).toMatch(/^- \[ \] .* — ❌ \[1 open P0 defect\]/);
    expect(issue.body).toContain(
      `| P0 | 1 | [#${bug.number}](https://github.com/octo-org/launchpad/issues/${bug.number}) Checkout crashes on empty cart |`,
    );
    // Triaged down to P1: the item ticks again, and the defect is listed as P1.
    bug.labels = ["bug", "priority: P1"];
    await w.deliver("issues", issueEvent("unlabeled", bug, "quinn"));
    await w.settle();
    expect(line("No open P0 bugs")).toMatch(/^- \[x\]/);
    expect(issue.body).toContain(`| P1 | 1 | [#${bug.number}]`);

    // A passing accessibility report: the remaining reasons are the manual items.
    await w.publish(
      "Flightdeck Report: accessibility",
      MAIN_HEAD,
      reportCheckOutput(accessibility(MAIN_HEAD, true)),
      "2026-11-20T12:20:00Z",
    );
    expect(issue.body).toContain("## Readiness report: 🔴 **No-go**\n");
    expect(issue.body).toMatch(/\n- 13 of 14 manual checklist items open\n/);
    expect(issue.body).toContain("Ship on Tuesday, after the freeze.");
    expect(w.served.violations).toEqual([]);

    // Nothing new: nothing is written.
    const writes = w.fake.writeCount;
    await w.deliver("issues", issueEvent("edited", issue, "devon"));
    await w.settle();
    expect(w.fake.writeCount).toBe(writes);
  });

  it("counts evidence only on the release commit, only from GitHub Actions, and fails closed on security", async () => {
    const w = await launched();
    // The tag now exists: evidence on the default branch's head no longer counts.
    refsOf(w.fake).tags.set("v1.4.0", TAG);
    await w.publish(
      "Flightdeck QA",
      MAIN_HEAD,
      reportCheckOutput(qaReportFixture(MAIN_HEAD)),
      "2026-11-20T10:00:00Z",
    );
    // A report on another commit is not news for this release: nothing is rewritten.
    expect(w.issue.body).toContain("the head of `main`");
    await w.deliver("issues", issueEvent("edited", w.issue, "devon"));
    await w.settle();
    expect(w.issue.body).toContain("the tag `v1.4.0`");
    expect(w.line("Tests, end-to-end included")).toContain("⏳ no QA report on 7777777");
    // A QA check run on the tag by another App is not evidence.
    w.fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: TAG,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T11:00:00Z",
      output: reportCheckOutput(qaReportFixture(TAG)),
      app: { id: 999, slug: "lookalike" },
    });
    await w.deliver(
      "check_run",
      checkRunEvent("completed", "Flightdeck QA", { number: 1, headSha: TAG, author: "dev", fork: true }),
    );
    await w.settle();
    expect(w.line("Tests, end-to-end included")).toContain("⏳ no QA report on 7777777");
    // A report naming another commit is a problem, not evidence.
    await w.publish(
      "Flightdeck QA",
      TAG,
      reportCheckOutput(qaReportFixture(MAIN_HEAD)),
      "2026-11-20T11:30:00Z",
    );
    expect(w.issue.body).toMatch(
      /- the Flightdeck QA check run \d+ carries a report about octo-org\/launchpad@ccccccc, not octo-org\/launchpad@7777777/,
    );

    // Code scanning on the tag over the limit, then off: the security item unticks with the reason.
    securityOf(w.fake).codeScanning.push(codeScanningAlert(31, "critical", "refs/tags/v1.4.0"));
    await w.publish("Flightdeck QA", TAG, reportCheckOutput(qaReportFixture(TAG)), "2026-11-20T12:00:00Z");
    expect(w.line("Tests, end-to-end included")).toContain("✅");
    expect(w.line("Dependency and container scans")).toMatch(
      /^- \[ \] .* — ❌ \[code scanning: 1 critical > 0\]/,
    );
    securityOf(w.fake).errors.codeScanning = [
      403,
      "Advanced Security must be enabled for this repository to use code scanning.",
    ];
    const body = w.issue.body;
    await w.deliver("issues", issueEvent("edited", w.issue, "devon"));
    await w.settle();
    expect(w.issue.body).not.toBe(body);
    expect(w.line("Dependency and container scans")).toContain(
      '❌ [code scanning: code scanning is not available for this repository (GitHub answered 403 "Advanced Security must be enabled for this repository to use code scanning.")]',
    );

    // The deployment protection rule's status report carries the readiness, within 1,024 characters.
    const payload = protectionRuleRequested("production", TAG, 91);
    payload.deployment.ref = "v1.4.0";
    expect(webhookProblems("deployment_protection_rule", "requested", payload)).toEqual([]);
    await w.deliver("deployment_protection_rule" as never, payload);
    await w.settle();
    const answer = w.fake.ruleAnswers.at(-1);
    expect(answer?.comment).toContain(
      `📋 Readiness of v1.4.0 (#${w.issue.number}): 🔴 no-go — Load test: no load report on 7777777; Security: code scanning:`,
    );
    expect(answer?.comment.length).toBeLessThanOrEqual(1024);
    expect(w.served.violations).toEqual([]);
  });

  it("leaves a look-alike release issue alone", async () => {
    const w = await launched();
    const fake = w.fake.addIssue(
      "Release v9: readiness checklist",
      "- [ ] x <!-- flightdeck:evidence qa -->\n\n<!-- flightdeck:checklist version=v9 -->",
      "mallory",
    );
    fake.labels = ["release-checklist"];
    await w.publish(
      "Flightdeck QA",
      MAIN_HEAD,
      reportCheckOutput(qaReportFixture(MAIN_HEAD)),
      "2026-11-20T10:00:00Z",
    );
    expect(fake.body).toBe(
      "- [ ] x <!-- flightdeck:evidence qa -->\n\n<!-- flightdeck:checklist version=v9 -->",
    );
    expect(w.line("Tests, end-to-end included")).toContain("✅");
    expect(w.fake.comments.filter((c) => c.author === BOT).length).toBeGreaterThan(0);
  });
});
