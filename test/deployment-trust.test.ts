import nock from "nock";
import { describe, expect, it } from "vitest";
import { PermissionCache } from "../src/github/permission-cache.js";
import { scheduleDeploymentSweeps } from "../src/handlers/deployment-sweep.js";
import { sweepWaitingDeployments } from "../src/jobs/deployment-sweep.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import { jobRunner } from "../src/jobs/worker.js";
import { reportCheckOutput } from "../src/reports/publish.js";
import { appHarness } from "./support/app-harness.js";
import { APP_ID, BOT, FakeGitHub } from "./support/fake-github.js";
import { serveGitHub } from "./support/nock-github.js";
import { testOctokit } from "./support/octokit.js";
import { protectionRuleRequested } from "./support/pr-webhooks.js";
import { qaReportFixture } from "./support/reports.js";
import { WORLD, webhookProblems } from "./support/webhooks.js";

const HEAD = "1".repeat(40);
const MERGE = "2".repeat(40);
const STAGING = "gates:\n  deployments:\n    staging:\n      pullRequestGate: off\n";
const PROD = "gates:\n  deployments:\n    production:\n      p0Bugs: { level: off }\n";

async function world(
  config = STAGING,
  routes: Array<"graphql" | "GET" | "POST" | "PATCH"> = ["GET", "POST"],
) {
  const h = await appHarness({ config, routes });
  const pull = h.fake.addPull(HEAD, "dev");
  pull.mergeSha = MERGE;
  pull.state = "closed";
  const completed = (
    name: string,
    sha: string,
    out: { title: string; summary: string; text: string },
    app?: number,
  ) =>
    h.fake.addCheckRun({
      name,
      headSha: sha,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T10:00:00Z",
      output: out,
      ...(app ? { app: { id: app, slug: `app-${app}` } } : {}),
    });
  const qaPasses = (sha = MERGE) =>
    completed("Flightdeck QA", sha, reportCheckOutput(qaReportFixture(sha, { p0: 3 })));
  const go = (app?: number) =>
    completed("Flightdeck Go/No-Go", HEAD, { title: "Go", summary: "", text: "" }, app);
  const deliver = async (payload: Record<string, unknown>) => {
    expect(webhookProblems("deployment_protection_rule", "requested", payload)).toEqual([]);
    await h.deliver("deployment_protection_rule" as never, payload);
    await h.settle();
  };
  return { ...h, pull, qaPasses, go, deliver };
}

describe("the deployment protection rule always answers", () => {
  it("evaluates a payload without a deployment object from its top-level sha", async () => {
    const w = await world();
    w.qaPasses();
    const payload: Record<string, unknown> = protectionRuleRequested("staging", MERGE, 77);
    delete payload.deployment;
    Object.assign(payload, { sha: MERGE, ref: "refs/heads/main" });
    await w.deliver(payload);
    expect(w.fake.ruleAnswers).toEqual([
      expect.objectContaining({ runId: 77, environment: "staging", state: "approved" }),
    ]);
    w.done();
  });

  it("reads the commit from the waiting run when the payload names none", async () => {
    const w = await world();
    w.qaPasses();
    w.fake.waitingRuns.push({
      id: 77,
      headSha: MERGE,
      createdAt: "2026-11-20T09:00:00Z",
      environments: ["staging"],
    });
    const payload: Record<string, unknown> = protectionRuleRequested("staging", MERGE, 77);
    delete payload.deployment;
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 77, environment: "staging", state: "approved" });
    expect(w.served.calls).toContain("actions/get-workflow-run");
    w.done();
  });

  it("answers every environment the run waits on when the payload names none — only those whose rule is this App's", async () => {
    const w = await world(
      "gates:\n  deployments:\n    staging:\n      pullRequestGate: off\n    eu:\n      pullRequestGate: off\n",
    );
    w.fake.waitingRuns.push({
      id: 77,
      headSha: MERGE,
      createdAt: "2026-11-20T09:00:00Z",
      environments: ["staging", "eu", "someone-elses"],
    });
    w.fake.environmentRules.set("someone-elses", [9999]);
    const payload: Record<string, unknown> = protectionRuleRequested("staging", MERGE, 77);
    delete payload.environment;
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.map((a) => a.environment).sort()).toEqual(["eu", "staging"]);
    // No QA report yet: a status report that says what is awaited, not silence.
    expect(w.fake.ruleAnswers[0]?.comment).toContain("⏳ no QA report on 2222222 yet");
    w.done();
  });

  it("rejects with the reason when the deployed commit cannot be read", async () => {
    const w = await world();
    const payload: Record<string, unknown> = protectionRuleRequested("staging", MERGE, 404);
    delete payload.deployment;
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 404, state: "rejected" });
    expect(w.fake.ruleAnswers.at(-1)?.comment).toMatch(
      /^❌ Flightdeck could not evaluate this deployment \(internal error: /,
    );
  });

  it("retries a callback GitHub did not take, with backoff", async () => {
    const w = await world();
    w.qaPasses();
    w.fake.failAtWrite(w.fake.writeCount + 1, "error");
    await w.deliver(protectionRuleRequested("staging", MERGE, 77));
    expect(w.fake.ruleAnswers).toEqual([expect.objectContaining({ runId: 77, state: "approved" })]);
    expect(w.served.calls.filter((c) => c === "actions/review-custom-gates-for-run")).toHaveLength(2);
    w.done();
  });
});

describe("only real evidence approves", () => {
  it("ignores a Go/No-Go check run created by another App", async () => {
    const w = await world(PROD);
    w.qaPasses();
    w.go(15368); // a workflow posting a green "Flightdeck Go/No-Go"
    await w.deliver(protectionRuleRequested("production", MERGE, 77));
    expect(w.fake.ruleAnswers.at(-1)?.state).toBeUndefined();
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      `the go/no-go of #${w.pull.number} is not decided yet`,
    );
  });

  it("takes the go/no-go only from a merged pull request whose merge commit is the deployed commit", async () => {
    const w = await world(PROD);
    w.pull.state = "open"; // its head is deployed before it was merged
    w.qaPasses(HEAD);
    w.go();
    await w.deliver(protectionRuleRequested("production", HEAD, 77));
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ state: "rejected" });
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain("no pull request brought 1111111");
  });

  it("four-eyes: a go that rests only on the deploy initiator's own approval does not count", async () => {
    const w = await world(PROD, ["graphql", "GET", "POST"]);
    w.fake.addUser("mona", "write"); // bob can write too (the harness's team)
    w.qaPasses();
    w.go();
    w.fake.addReview(w.pull.number, "mona", "APPROVED", HEAD, "2026-11-20T09:30:00Z");
    const payload = protectionRuleRequested("production", MERGE, 77);
    payload.deployment.creator = { ...payload.deployment.creator, login: "mona" };
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)?.state).toBe("rejected");
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      "its only approval is by mona, who started this deployment (four-eyes: a deployer's own approval does not count)",
    );
    // Someone else approved too: the go stands.
    w.fake.addReview(w.pull.number, "bob", "APPROVED", HEAD, "2026-11-20T09:35:00Z");
    await w.deliver(protectionRuleRequested("production", MERGE, 78));
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 78, state: "approved" });
  });

  it("four-eyes: the initiator's /flightdeck go counts no more than their review", async () => {
    const w = await world(PROD, ["graphql", "GET", "POST"]);
    w.fake.addUser("mona", "write");
    w.qaPasses();
    w.go();
    w.fake.addComment(w.pull.number, "/flightdeck go", "mona", { createdAt: "2026-11-20T09:30:00Z" });
    const payload = protectionRuleRequested("production", MERGE, 77);
    payload.deployment.creator = { ...payload.deployment.creator, login: "mona" };
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ state: "rejected" });
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      "its only approval is by mona, who started this deployment",
    );
    // Someone without write access does not make it four eyes either.
    w.fake.addComment(w.pull.number, "/flightdeck go", "eve", { createdAt: "2026-11-20T09:31:00Z" });
    const again = protectionRuleRequested("production", MERGE, 78);
    again.deployment.creator = { ...again.deployment.creator, login: "mona" };
    await w.deliver(again);
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 78, state: "rejected" });
  });

  it("four-eyes: a deployment created by github-actions[bot] is the run's: its triggering actor is the initiator", async () => {
    const w = await world(PROD, ["graphql", "GET", "POST"]);
    w.fake.addUser("mona", "write");
    w.qaPasses();
    w.go();
    w.fake.addReview(w.pull.number, "mona", "APPROVED", HEAD, "2026-11-20T09:30:00Z");
    w.fake.waitingRuns.push({
      id: 77,
      headSha: MERGE,
      createdAt: "2026-11-20T09:40:00Z",
      environments: ["production"],
      actor: "mona",
    });
    const payload = protectionRuleRequested("production", MERGE, 77);
    payload.deployment.creator = { ...payload.deployment.creator, login: "github-actions[bot]", type: "Bot" };
    (payload as { sender: { login: string } }).sender.login = "github-actions[bot]";
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 77, state: "rejected" });
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      "its only approval is by mona, who started this deployment",
    );
  });

  it("four-eyes: without the initiator's approvals a required role is short, whatever kind they were", async () => {
    const config = `team:\n  qa: [mona, quinn, quade]\ngates:\n  pullRequest:\n    approvals:\n      - { role: qa, count: 2 }\n${PROD.slice("gates:\n".length)}`;
    const w = await world(config, ["graphql", "GET", "POST"]);
    for (const login of ["mona", "quinn", "quade"]) w.fake.addUser(login, "write");
    w.qaPasses();
    w.go();
    w.fake.addReview(w.pull.number, "quinn", "APPROVED", HEAD, "2026-11-20T09:30:00Z");
    w.fake.addComment(w.pull.number, "/flightdeck go", "mona", { createdAt: "2026-11-20T09:31:00Z" });
    const payload = protectionRuleRequested("production", MERGE, 77);
    payload.deployment.creator = { ...payload.deployment.creator, login: "mona" };
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)?.state).toBe("rejected");
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      "without the approvals of mona, who started this deployment, it has 1/2 qa approvals (four-eyes: a deployer's own approval does not count)",
    );
    // Deployed by someone who did not approve: the two approvals stand.
    const byOther = protectionRuleRequested("production", MERGE, 78);
    byOther.deployment.creator = { ...byOther.deployment.creator, login: "octocat" };
    await w.deliver(byOther);
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 78, state: "approved" });
  });

  it("counts only a checklist this App opened for the version being deployed", async () => {
    const w = await world(
      "gates:\n  deployments:\n    production:\n      pullRequestGate: off\n      checklist: block\n      p0Bugs: { level: off }\n",
    );
    w.qaPasses();
    const forged = w.fake.addIssue(
      "Release v2.0 readiness",
      "- [x] Everything\n\n<!-- flightdeck:checklist version=v2.0 -->",
      "mallory",
    );
    forged.labels = ["release-checklist"];
    const other = w.fake.addIssue(
      "Release v1.9",
      "- [x] Old\n\n<!-- flightdeck:checklist version=v1.9 -->",
      BOT,
    );
    other.labels = ["release-checklist"];
    const payload = protectionRuleRequested("production", MERGE, 77);
    payload.deployment.ref = "v2.0";
    await w.deliver(payload);
    expect(w.fake.ruleAnswers.at(-1)?.state).toBeUndefined();
    expect(w.fake.ruleAnswers.at(-1)?.comment).toMatch(/checklist/i);
    const mine = w.fake.addIssue(
      "Release v2.0: readiness checklist",
      "- [x] All\n\n<!-- flightdeck:checklist version=v2.0 -->",
      BOT,
    );
    mine.labels = ["release-checklist"];
    await w.deliver({
      ...payload,
      deployment_callback_url: payload.deployment_callback_url.replace("/77/", "/78/"),
    });
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 78, state: "approved" });
  });
});

describe("reports on a deployed commit count only from reviewed workflows", () => {
  const BRANCH = "3".repeat(40);
  const QA_YML = ".github/workflows/qa.yml";
  const stamped = (sha: string, runId: number) =>
    reportCheckOutput({
      ...qaReportFixture(sha, { p0: 3 }),
      repository: `${WORLD.owner}/${WORLD.repo}`,
      workflow: QA_YML,
      runId,
    } as never);
  const fromWorkflow = (w: Awaited<ReturnType<typeof world>>, sha: string, runId: number) =>
    w.fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: sha,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T10:00:00Z",
      output: stamped(sha, runId),
      workflowRun: { id: runId, path: QA_YML, repository: `${WORLD.owner}/${WORLD.repo}` },
    });

  it("refuses a green QA report on a commit that is on no pull request and not on the default branch", async () => {
    const w = await world(STAGING, ["graphql", "GET", "POST"]);
    fromWorkflow(w, BRANCH, 12_000_000_001); // a pushed branch whose qa.yml says "all green"
    await w.deliver(protectionRuleRequested("staging", BRANCH, 77));
    expect(w.fake.ruleAnswers.at(-1)?.state).toBeUndefined(); // waits, never approves
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      "no trusted QA report on 3333333: 3333333 is neither on main nor the head of an open pull request, so no review saw the workflows that report on it; its check runs are not evidence",
    );
  });

  it("judges an open pull request's head as its gate does: not from a workflow the pull request modifies", async () => {
    const w = await world(STAGING, ["graphql", "GET", "POST"]);
    w.fake.workflows.set(QA_YML, "on: pull_request\njobs:\n  qa:\n    steps:\n      - run: npm test\n");
    const pr = w.fake.addPull(BRANCH, "mallory");
    pr.files = ["src/app.ts", QA_YML];
    fromWorkflow(w, BRANCH, 12_000_000_002);
    await w.deliver(protectionRuleRequested("staging", BRANCH, 77));
    expect(w.fake.ruleAnswers.at(-1)?.state).toBeUndefined();
    expect(w.fake.ruleAnswers.at(-1)?.comment).toContain(
      `no trusted QA report on 3333333: #${pr.number}: the QA workflow .github/workflows/qa.yml was modified in this pull request; its report is not evidence`,
    );
    // The same report from a workflow the pull request leaves alone is evidence.
    pr.files = ["src/app.ts"];
    await w.deliver({
      ...protectionRuleRequested("staging", BRANCH, 78),
    });
    expect(w.fake.ruleAnswers.at(-1)).toMatchObject({ runId: 78, state: "approved" });
  });
});

describe("the timer sweep", () => {
  it("pages through every waiting run and answers only this App's environments", async () => {
    const fake = new FakeGitHub();
    fake.files.set(".github/flightdeck.yml", STAGING);
    fake.defaultBranchCommits.add(MERGE); // main's head: its workflows are the reviewed ones
    const served = serveGitHub(fake, ["GET", "POST"]);
    fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: MERGE,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T10:00:00Z",
      output: reportCheckOutput(qaReportFixture(MERGE, { p0: 3 })),
    });
    for (let id = 1; id <= 101; id++)
      fake.waitingRuns.push({
        id,
        headSha: MERGE,
        createdAt: "2026-11-20T09:00:00Z",
        environments: id === 101 ? ["staging", "other"] : [],
      });
    fake.environmentRules.set("other", [9999]);
    const deps = {
      octokit: testOctokit(),
      log: { info() {}, warn() {}, error() {} },
      secret: "x",
      appId: APP_ID,
      now: () => new Date("2026-11-20T10:00:00Z"),
    };
    const result = await sweepWaitingDeployments(deps, {
      owner: fake.owner,
      repo: fake.name,
      defaultBranch: "main",
    });
    expect(result).toEqual({ answered: { "101/staging": "approved" }, skipped: ["other"] });
    expect(fake.ruleAnswers).toEqual([
      expect.objectContaining({ runId: 101, environment: "staging", state: "approved" }),
    ]);
    expect(served.violations).toEqual([]);
  });

  it("runs on a timer for every installation, with no event needed", async () => {
    const fake = new FakeGitHub();
    fake.files.set(".github/flightdeck.yml", STAGING);
    fake.defaultBranchCommits.add(MERGE); // main's head: its workflows are the reviewed ones
    fake.waitingRuns.push({
      id: 5,
      headSha: MERGE,
      createdAt: "2026-11-20T09:00:00Z",
      environments: ["staging"],
    });
    fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: MERGE,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T10:00:00Z",
      output: reportCheckOutput(qaReportFixture(MERGE, { p0: 3 })),
    });
    // Registered before the fake GitHub, so these App-level routes answer first.
    const api = nock("https://api.github.com")
      .persist()
      .get("/app/installations")
      .query(true)
      .reply(200, [{ id: 1 }])
      .get("/installation/repositories")
      .query(true)
      .reply(200, {
        total_count: 1,
        repositories: [
          {
            name: fake.name,
            full_name: `${fake.owner}/${fake.name}`,
            owner: { login: fake.owner },
            default_branch: "main",
            archived: false,
          },
        ],
      });
    serveGitHub(fake, ["GET", "POST"]);
    const queue = new EmbeddedQueue();
    const octokit = testOctokit();
    const log = { info() {}, warn() {}, error() {}, child: () => log };
    const app = { auth: async () => octokit, log };
    const services = {
      queue,
      permissions: new PermissionCache(),
      secret: "x",
      appId: APP_ID,
      now: () => new Date("2026-11-20T10:00:00Z"),
    };
    // The timer only enqueues; a worker (here, in-process) runs the installation's sweep.
    queue.process(jobRunner(app as never, services));
    const stop = scheduleDeploymentSweeps(app as never, services, 20);
    for (let i = 0; i < 3000 && !fake.ruleAnswers.length; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await queue.onIdle();
    }
    stop();
    await queue.onIdle();
    api.persist(false);
    expect(fake.ruleAnswers.at(0)).toMatchObject({
      runId: 5,
      environment: "staging",
      state: "approved",
    });
  });
});
