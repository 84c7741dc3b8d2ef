import { describe, expect, it } from "vitest";
import { reportCheckOutput } from "../../src/reports/publish.js";
import { CHECK_NAMES } from "../../src/reports/schema.js";
import { appHarness, TEAM_CONFIG } from "../support/app-harness.js";
import { BOT } from "../support/fake-github.js";
import { qaReportFixture } from "../support/reports.js";
import {
  commentCreated,
  realPayload,
  repoPayload,
  validPayload,
  WORLD,
  webhookProblems,
} from "../support/webhooks.js";

const RELEASED = "c0ffee".padEnd(40, "0");
const PREVIOUS = "badd00".padEnd(40, "0");
const CONFIG = `${TEAM_CONFIG}  devops: [devon]\n`;

/** A real `deployment_status.created` payload for a successful deployment of `sha` to `environment`. */
function deploymentSucceeded(sha: string, environment: string, deploymentId: number) {
  const p = repoPayload(realPayload("deployment_status", "created"));
  p.deployment = { ...p.deployment, id: deploymentId, sha, ref: sha, environment };
  p.deployment_status = { ...p.deployment_status, state: "success", environment };
  expect(webhookProblems("deployment_status", "created", p)).toEqual([]);
  return p;
}

/**
 * A recorded release: an epic planned and applied through Flightdeck, its tasks opened on
 * 2025-01-06 and closed over two weeks, a milestone named like the version, a rolled-back
 * deployment then a successful one, and the QA report GitHub Actions published on the commit.
 */
async function releasedWorld() {
  const h = await appHarness({
    config: CONFIG,
    routes: ["graphql", "GET", "POST"],
    now: "2025-01-21T09:00:00Z",
  });
  h.fake.addUser("devon", "write");
  await h.label(WORLD.maintainer);
  await h.settle();
  await h.tick(WORLD.maintainer);
  await h.settle();
  const tasks = h.fake.children(h.epic.number);
  expect(tasks).toHaveLength(12);
  tasks.forEach((t, i) => {
    t.createdAt = "2025-01-06T09:00:00Z";
    if (i < 11) {
      t.state = "CLOSED";
      t.closedAt = `2025-01-${String(7 + i).padStart(2, "0")}T17:00:00Z`;
    }
  });
  h.fake.milestones.push({ number: 3, title: "1.4.0", state: "open" });
  const epic = h.fake.issues.get(h.epic.number);
  if (epic) Object.assign(epic, { milestone: 3, labels: ["epic", ...epic.labels] });
  await h.comment("/flightdeck launch v1.4.0", "devon", []);
  await h.settle();
  const release = [...h.fake.issues.values()].find((i) => i.title === "Release v1.4.0: readiness checklist");
  if (!release) throw new Error("no release issue");
  release.createdAt = "2025-01-08T09:00:00Z";
  h.fake.deployments.push(
    {
      id: 9101,
      environment: "production",
      ref: PREVIOUS,
      sha: PREVIOUS,
      createdAt: "2025-01-10T09:00:00Z",
      statuses: [
        { state: "in_progress", createdAt: "2025-01-10T09:00:00Z" },
        { state: "success", description: "Deployed and smoke-tested", createdAt: "2025-01-10T09:05:00Z" },
      ],
    },
    {
      id: 9102,
      environment: "production",
      ref: "f".repeat(40),
      sha: "f".repeat(40),
      createdAt: "2025-01-15T09:00:00Z",
      statuses: [
        {
          state: "failure",
          description: "Rolled back: smoke test https://app.example.com/health answered 502",
          createdAt: "2025-01-15T09:04:00Z",
        },
      ],
    },
    {
      id: 9103,
      environment: "production",
      ref: RELEASED,
      sha: RELEASED,
      createdAt: "2025-01-20T09:00:00Z",
      statuses: [
        { state: "success", description: "Deployed and smoke-tested", createdAt: "2025-01-20T09:06:00Z" },
      ],
    },
  );
  h.fake.comparisons.set(`${PREVIOUS}...${RELEASED}`, ["2025-01-13T09:06:00Z", "2025-01-16T10:00:00Z"]);
  h.fake.addCheckRun({
    name: CHECK_NAMES.qa,
    headSha: RELEASED,
    status: "completed",
    conclusion: "success",
    completedAt: "2025-01-20T08:00:00Z",
    output: reportCheckOutput(qaReportFixture(RELEASED, { total: 12, p0: 4, failed: 1 })),
  });
  return { h, release };
}

describe("launch report from a recorded release", () => {
  it("writes nothing when an ordinary issue closes, even with an invalid config", async () => {
    const h = await appHarness({ config: "release:\n  report:\n    windowDays: forever\n", routes: ["GET"] });
    const bug = h.fake.addIssue("A bug", "", "mona");
    await h.deliver("issues", issueClosed(bug.number, ["bug"]));
    await h.settle();
    expect(h.fake.writeCount).toBe(0);
    h.done();
  });

  it("posts on the release issue and the epic when the release reaches production, and refreshes in place", async () => {
    const { h, release } = await releasedWorld();
    await h.deliver("deployment_status", deploymentSucceeded(RELEASED, "production", 9103));
    await h.settle();
    const reports = h
      .botComments()
      .filter((c) => c.body.includes("<!-- flightdeck:launch-report release=v1.4.0 -->"));
    expect(reports.map((c) => c.issue).sort()).toEqual([h.epic.number, release.number].sort());
    const body = reports[0]?.body ?? "";
    expect(body).toContain("released `c0ffee0` to **production** on 2025-01-20 · 1 epic");
    expect(body).toContain("| Tasks | 12 | 11 done |");
    expect(body).toContain("| production | 3 | 0.47 | 168 h (1) | 33.3 % | 120 h |");
    expect(body).toContain(
      "Deployment 9102 of `fffffff` to production was rolled back: Rolled back: smoke test",
    );
    expect(body).toContain("1 P1 test failing on the released commit was deferred.");
    expect(body).toContain("```mermaid\ngantt");

    // Redelivery and a staging deployment change nothing; the report is one sticky comment.
    const writes = h.fake.writeCount;
    await h.deliver("deployment_status", deploymentSucceeded(RELEASED, "production", 9103));
    await h.deliver("deployment_status", deploymentSucceeded(RELEASED, "staging", 9104));
    await h.settle();
    expect(h.fake.writeCount).toBe(writes);
    h.done();
  });

  it("shows the newest QA report as unreadable instead of falling back to an older passing one", async () => {
    const { h, release } = await releasedWorld();
    const broken = h.fake.addCheckRun({
      name: CHECK_NAMES.qa,
      headSha: RELEASED,
      status: "completed",
      conclusion: "success",
      completedAt: "2025-01-20T08:30:00Z",
      output: { title: "QA", summary: "QA", text: "no report here" },
    });
    await h.deliver("deployment_status", deploymentSucceeded(RELEASED, "production", 9103));
    await h.settle();
    const body =
      h.botComments().find((c) => c.issue === release.number && c.body.includes("flightdeck:launch-report"))
        ?.body ?? "";
    expect(body).toContain(
      `- ⚠️ Not counted: the Flightdeck QA check run ${broken.id}: the check run carries no Flightdeck report.`,
    );
    expect(body).toContain(
      'No QA report (GitHub Actions\' "Flightdeck QA" check run) on the released commit.',
    );
    expect(body).not.toContain("| QA | Total |");
    h.done();
  });

  it("refreshes the release's report when its milestone closes, and ignores other milestones", async () => {
    const { h, release } = await releasedWorld();
    await h.deliver("milestone", milestoneClosed(7, "Backlog"));
    await h.settle();
    const reports = () =>
      h.botComments().filter((c) => c.body.includes("<!-- flightdeck:launch-report release=v1.4.0 -->"));
    expect(reports()).toEqual([]);
    await h.deliver("milestone", milestoneClosed(3, "1.4.0"));
    await h.settle();
    expect(
      reports()
        .map((c) => c.issue)
        .sort(),
    ).toEqual([h.epic.number, release.number].sort());
    expect(reports()[0]?.body).toContain("released `c0ffee0` to **production** on 2025-01-20");
    h.done();
  });

  it("opens each retrospective action item once, for writers only", async () => {
    const { h, release } = await releasedWorld();
    const issueOf = { number: release.number, body: release.body, labels: ["release-checklist"] };
    const answer = () => h.botComments().find((c) => c.body.includes("<!-- flightdeck:retro-applied"))?.body;
    const say = (body: string, who: string) => h.deliver("issue_comment", commentOn(h, issueOf, body, who));
    await say("/flightdeck retro apply", "devon");
    await h.settle();
    expect(answer()).toContain("There is no launch report on this issue yet");

    await say("/flightdeck report", "devon");
    await h.settle();
    await say("/flightdeck retro apply", "devon");
    await h.settle();
    const retro = () => [...h.fake.issues.values()].filter((i) => i.labels.includes("retro"));
    expect(
      retro()
        .map((i) => i.title)
        .sort(),
    ).toEqual([
      "Find the cause of deployment 9102 (fffffff) being rolled back in production",
      "Fix the 1 failing P1 test deferred in release v1.4.0",
      "Re-calibrate backend estimates: 9 of 9 tasks slipped in release v1.4.0",
      "Re-calibrate qa estimates: 2 of 2 tasks slipped in release v1.4.0",
    ]);
    expect(
      retro().every(
        (i) =>
          i.author === BOT && i.body.includes(`<!-- flightdeck:retro-item source=${release.number} key=`),
      ),
    ).toBe(true);
    expect(answer()).toContain("4 issues opened now, 0 already there.");

    await say("/flightdeck retro apply", "devon");
    await say("/flightdeck retro apply", WORLD.outsider);
    await h.settle();
    expect(retro()).toHaveLength(4);
    expect(answer()).toContain("0 issues opened now, 4 already there.");
    h.done();
  });

  it("reports on an epic when it closes, and explains /flightdeck report elsewhere", async () => {
    const { h } = await releasedWorld();
    const closed = issueClosed(h.epic.number, ["epic"]);
    await h.deliver("issues", closed);
    await h.settle();
    const report = h
      .botComments()
      .find((c) => c.body.includes(`<!-- flightdeck:launch-report epic=${h.epic.number} -->`));
    expect(report?.issue).toBe(h.epic.number);
    expect(report?.body).toContain("## 🚀 Launch report: epic #");

    const plain = h.fake.addIssue("A bug", "", "mona");
    await h.deliver(
      "issue_comment",
      commentOn(h, { number: plain.number, body: "", labels: [] }, "/flightdeck report", "devon"),
    );
    await h.settle();
    expect(h.botComments().at(-1)?.body).toMatch(
      /^`\/flightdeck report` works in a release's checklist issue/,
    );
    h.done();
  });
});

let nextComment = 9_000_000_001;
function commentOn(
  _h: unknown,
  issue: { number: number; body: string; labels: string[] },
  body: string,
  who: string,
) {
  return commentCreated(issue, body, who, nextComment++);
}

/** A real `milestone.closed` payload for milestone `number` titled `title` of the test repository. */
function milestoneClosed(number: number, title: string) {
  const p = repoPayload(realPayload("milestone", "closed"));
  p.milestone = { ...p.milestone, number, title, state: "closed" };
  return validPayload("milestone", "closed", p);
}

/** `issues.closed` for `number`: GitHub's examples hold no schema-valid one, so a real issues.labeled payload, closed. */
function issueClosed(number: number, labels: string[]) {
  const closed = repoPayload(realPayload("issues", "labeled"));
  closed.action = "closed";
  delete closed.label;
  closed.issue = {
    ...closed.issue,
    number,
    state: "closed",
    closed_at: "2025-01-21T09:00:00Z",
    state_reason: "completed",
  };
  closed.issue.labels = labels.map((name) => ({ ...closed.issue.labels[0], name }));
  expect(webhookProblems("issues", "closed", closed)).toEqual([]);
  return closed;
}
