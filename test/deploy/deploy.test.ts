import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smokeTest } from "../../src/deploy/smoke.js";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

const SHA = "9".repeat(40);
let health: Server;
let healthUrl = "";

beforeAll(async () => {
  nock.enableNetConnect(/127\.0\.0\.1/);
  // /health answers 503 (a broken release); /ok answers 200 "ready".
  health = createServer((req, res) => {
    res.statusCode = req.url === "/ok" ? 200 : 503;
    res.end(req.url === "/ok" ? "status: ready" : "unavailable");
  });
  await new Promise<void>((r) => health.listen(0, "127.0.0.1", r));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => health.close(() => r()));
  nock.disableNetConnect();
});

describe("smoke test", () => {
  it("retries with exponential backoff and says what it saw", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const failed = await smokeTest({ url: `${healthUrl}/health`, attempts: 3, backoffMs: 100 }, { sleep });
    expect(failed).toEqual({
      url: `${healthUrl}/health`,
      pass: false,
      attempts: 3,
      status: 503,
      reason: "smoke test: GET /health returned 503 three times",
    });
    expect(waits).toEqual([100, 200]);
    expect(await smokeTest({ url: `${healthUrl}/ok`, bodyMatch: "ready" }, { sleep })).toMatchObject({
      pass: true,
      attempts: 1,
      status: 200,
    });
    const wrongBody = await smokeTest(
      { url: `${healthUrl}/ok`, bodyMatch: "^healthy$", attempts: 2, backoffMs: 0 },
      { sleep },
    );
    expect(wrongBody.reason).toBe("smoke test: GET /ok returned a body not matching /^healthy$/ twice");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await smokeTest({ url: `http://127.0.0.1:${port}/health`, attempts: 1 }, { sleep });
    expect(down.reason).toBe("smoke test: GET /health failed (ECONNREFUSED) once");
  });
});

async function deploy(inputs: Record<string, string>) {
  const fake = new FakeGitHub();
  const api = await serveOverHttp(fake);
  const r = await runBundledAction(
    "deploy",
    { github_token: "ghs_deploy", report_path: "report.json", smoke_backoff_ms: "10", ...inputs },
    { env: { GITHUB_SHA: SHA, GITHUB_API_URL: api.url } },
  );
  await api.close();
  const outputs = Object.entries(r.outputs)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
  return { ...r, fake, api, outputs, report: JSON.parse(readFileSync(join(r.dir, "report.json"), "utf8")) };
}

describe("actions/deploy (the committed bundle, real shell commands)", () => {
  it("rolls back with the recorded reason when the smoke test fails", async () => {
    const r = await deploy({
      environment: "production",
      deploy_command: 'echo "deployed $FLIGHTDECK_SHA to $FLIGHTDECK_ENVIRONMENT" > deployed.txt',
      rollback_command: "echo rolled back > rollback.txt",
      smoke_url: `${healthUrl}/health`,
    });
    expect(r.code).toBe(1);
    expect(readFileSync(join(r.dir, "deployed.txt"), "utf8")).toBe(`deployed ${SHA} to production\n`);
    expect(existsSync(join(r.dir, "rollback.txt"))).toBe(true);
    expect(r.report).toMatchObject({
      kind: "deploy",
      outcome: "rolled_back",
      smoke: { pass: false, attempts: 3, status: 503 },
      rollback: { reason: "smoke test: GET /health returned 503 three times", ran: true, exitCode: 0 },
    });
    expect(r.stdout).toContain(
      "::error::Deploy to production rolled back: smoke test: GET /health returned 503 three times",
    );
    expect(r.fake.deployments).toEqual([
      {
        id: 9000,
        environment: "production",
        ref: SHA,
        statuses: [
          { state: "in_progress", description: "Deploying" },
          { state: "failure", description: "Rolled back: smoke test: GET /health returned 503 three times" },
        ],
      },
    ]);
    expect(r.fake.checkRuns[0]).toMatchObject({
      name: "Flightdeck Deploy",
      conclusion: "failure",
      output: { title: "production: rolled back" },
    });
    expect(r.outputs).toContain("rolled_back");
    expect(r.api.violations).toEqual([]);
  });

  it("succeeds when the smoke test passes, and fails without rollback when the deploy command fails", async () => {
    let r = await deploy({
      environment: "staging",
      deploy_command: "true",
      smoke_url: `${healthUrl}/ok`,
      smoke_body_match: "ready",
    });
    expect(r.code).toBe(0);
    expect(r.report.outcome).toBe("success");
    expect(r.fake.deployments[0]?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);

    r = await deploy({ environment: "staging", deploy_command: "exit 7" });
    expect(r.code).toBe(1);
    expect(r.report).toMatchObject({
      outcome: "failure",
      rollback: { reason: "deploy command exited with code 7", ran: false },
    });
  });
});
