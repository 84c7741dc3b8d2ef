import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeployment } from "../src/deploy/run.js";
import { githubDeployments } from "../src/github/deployments.js";
import { runDeploymentRuleJob } from "../src/jobs/deployment-job.js";
import { runLoadTest } from "../src/load/run.js";
import { parseThreshold } from "../src/load/thresholds.js";
import { buildQaReport } from "../src/qa/report.js";
import { reportCheckOutput } from "../src/reports/publish.js";
import type { Report } from "../src/reports/schema.js";
import { FakeGitHub, FLIGHTDECK_APP } from "./support/fake-github.js";
import { serveGitHub } from "./support/nock-github.js";
import { testOctokit } from "./support/octokit.js";

const HEAD = "4".repeat(40);
const RELEASE = "5".repeat(40);
let staging: Server;
let prod: Server;
let stagingUrl = "";
let prodUrl = "";

beforeAll(async () => {
  nock.enableNetConnect(/127\.0\.0\.1/);
  // Staging is healthy; the "production" release is broken: /health answers 503.
  staging = createServer((_req, res) => res.end("ok"));
  prod = createServer((_req, res) => {
    res.statusCode = 503;
    res.end("down");
  });
  for (const s of [staging, prod]) await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  stagingUrl = `http://127.0.0.1:${(staging.address() as AddressInfo).port}`;
  prodUrl = `http://127.0.0.1:${(prod.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [staging, prod]) await new Promise<void>((r) => s.close(() => r()));
  nock.disableNetConnect();
});

describe("the release path end to end", () => {
  it("staging deploy → load test → protection rule (reject, then approve) → production deploy → smoke failure → rollback", async () => {
    const fake = new FakeGitHub();
    const served = serveGitHub(fake, ["GET", "POST"]);
    fake.files.set(
      ".github/flightdeck.yml",
      'gates:\n  deployments:\n    production:\n      load: { thresholds: ["p95<500", "error_rate<0.01"] }\n',
    );
    const pull = fake.addPull(HEAD, "dev");
    pull.mergeSha = RELEASE;
    pull.state = "closed";
    fake.addCheckRun({
      name: "Flightdeck Go/No-Go",
      headSha: HEAD,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T10:00:00Z",
      output: { title: "Go: every criterion is met", summary: "", text: "" },
      app: FLIGHTDECK_APP,
    });
    const publish = (report: Report, name: string) =>
      fake.addCheckRun({
        name,
        headSha: RELEASE,
        status: "completed",
        conclusion: "success",
        completedAt: new Date().toISOString(),
        output: reportCheckOutput(report),
      });
    const octokit = testOctokit();
    const repo = { owner: fake.owner, repo: fake.name };
    const recorder = githubDeployments(octokit, repo);
    const shellLog: string[] = [];
    const shell = async (command: string) => {
      shellLog.push(command);
      return 0;
    };
    const deps = {
      octokit,
      log: { info() {}, warn() {}, error() {} },
      secret: "x",
      now: () => new Date(),
      appId: 4242,
    };
    const ask = (runId: number) =>
      runDeploymentRuleJob(deps, {
        ...repo,
        defaultBranch: "main",
        environment: "production",
        sha: RELEASE,
        initiator: "release-manager",
        runId,
        reportPending: true,
      });

    // QA on the release commit.
    publish(
      buildQaReport(
        [
          {
            file: "junit.xml",
            content: '<testsuite name="s"><testcase classname="c" name="[P0] checkout"/></testsuite>',
          },
        ],
        [],
        { defaultPriority: "P1", now: new Date(), sha: RELEASE },
      ),
      "Flightdeck QA",
    );

    // Staging: deploy and smoke-test.
    const stagingReport = await runDeployment({
      environment: "staging",
      sha: RELEASE,
      deployCommand: "deploy staging",
      shell,
      smoke: { url: `${stagingUrl}/health` },
      recorder,
    });
    expect(stagingReport.outcome).toBe("success");

    // Before the load test, production waits for evidence.
    expect(await ask(501)).toBe("pending");
    expect(fake.ruleAnswers.at(-1)?.comment).toContain("⏳ no load report on 5555555 yet");

    // A load test that misses its thresholds: production is rejected, with the reason.
    const bad = await runLoadTest({
      url: `${prodUrl}/`,
      amount: 50,
      connections: 1,
      sha: RELEASE,
      thresholds: ["p95<500", "error_rate<0.01"].map(parseThreshold),
    });
    publish(bad, "Flightdeck Load Test");
    expect(await ask(502)).toBe("rejected");
    expect(fake.ruleAnswers.at(-1)?.comment).toContain(
      "❌ load thresholds failed: error_rate<0.01 (actual 100 % (1))",
    );

    // The load test on healthy staging passes: production is approved.
    const good = await runLoadTest({ url: `${stagingUrl}/`, amount: 200, connections: 2, sha: RELEASE });
    publish(good, "Flightdeck Load Test");
    expect(await ask(503)).toBe("approved");

    // Production: the release is broken, the smoke test fails, the rollback runs with the reason.
    const prodReport = await runDeployment({
      environment: "production",
      sha: RELEASE,
      deployCommand: "deploy production",
      rollbackCommand: "rollback production",
      shell,
      smoke: { url: `${prodUrl}/health`, attempts: 3, backoffMs: 1 },
      recorder,
    });
    expect(prodReport).toMatchObject({
      outcome: "rolled_back",
      rollback: { reason: "smoke test: GET /health returned 503 three times", ran: true },
    });
    expect(shellLog).toEqual(["deploy staging", "deploy production", "rollback production"]);
    expect(fake.deployments.map((d) => [d.environment, d.statuses.map((s) => s.state).join(">")])).toEqual([
      ["staging", "in_progress>success"],
      ["production", "in_progress>failure"],
    ]);
    expect(fake.ruleAnswers.map((a) => a.state ?? "pending")).toEqual(["pending", "rejected", "approved"]);
    expect(served.violations).toEqual([]);
    expect(served.scope.isDone()).toBe(true);
  });
});
