import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

let target: Server;
let base = "";
let healthy = true;
beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url === "/health" && !healthy) res.statusCode = 503;
    res.end("ok");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => target.close(() => r())));

const SHA = "8".repeat(40);

describe("actions/watch (the committed bundle)", () => {
  it("rolls back once with the reason, charts the timeline, and a re-run does not roll back again", async () => {
    healthy = false;
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    const inputs = {
      environment: "production",
      rules: "health\np95<5000",
      rollback_command:
        'echo "rolled back: $FLIGHTDECK_ROLLBACK_REASON token=$GITHUB_TOKEN input=$INPUT_GITHUB_TOKEN" >> rollbacks.log',
      health_url: `${base}/health`,
      load_url: `${base}/api`,
      rate: "5",
      window: "1",
      consecutive: "2",
      duration: "4",
      fail_on_rollback: "true",
      report_path: "watch.json",
      github_token: "ghs_watch",
    };
    const env = { env: { GITHUB_SHA: SHA, GITHUB_API_URL: api.url, GITHUB_TOKEN: "ghs_leak" } };
    const first = await runBundledAction("watch", inputs, env);
    expect(first.code).toBe(1);
    expect(first.outputs).toMatchObject({
      outcome: "rolled-back",
      reason: "health check failed (GET returned 503) for 2 consecutive seconds",
    });
    expect(readFileSync(join(first.dir, "rollbacks.log"), "utf8")).toBe(
      "rolled back: health check failed (GET returned 503) for 2 consecutive seconds token= input=\n",
    );
    const report = JSON.parse(readFileSync(join(first.dir, "watch.json"), "utf8"));
    expect(report).toMatchObject({
      kind: "watch",
      sha: SHA,
      outcome: "rolled-back",
      rollback: { window: 1, ran: true },
    });
    expect(first.summary).toContain("xychart-beta");
    expect(first.summary).toContain("Rollback point: window 2");
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ name: "Flightdeck Watch", conclusion: "failure" });
    expect(fake.checkRuns[0]?.output.title).toContain("rolled back — health check failed");

    // The job is re-run: the earlier check run says this commit was already rolled back.
    const again = await runBundledAction("watch", inputs, { ...env, dir: first.dir });
    await api.close();
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("A previous run already rolled back production");
    expect(readFileSync(join(first.dir, "rollbacks.log"), "utf8").split("\n").filter(Boolean)).toHaveLength(
      1,
    );
    expect(fake.checkRuns).toHaveLength(1);
    expect(api.violations).toEqual([]);
  }, 30_000);

  it("stays healthy: success check run, no rollback", async () => {
    healthy = true;
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    const r = await runBundledAction(
      "watch",
      {
        rules: "health\nerror_rate<0.5",
        rollback_command: "touch rolled-back",
        health_url: `${base}/health`,
        load_url: `${base}/api`,
        rate: "5",
        window: "1",
        duration: "2",
        github_token: "ghs_watch",
      },
      { env: { GITHUB_SHA: SHA, GITHUB_API_URL: api.url } },
    );
    await api.close();
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ outcome: "healthy", reason: "" });
    expect(() => readFileSync(join(r.dir, "rolled-back"))).toThrow();
    expect(fake.checkRuns[0]).toMatchObject({ name: "Flightdeck Watch", conclusion: "success" });
    expect(api.violations).toEqual([]);
  }, 30_000);

  it("fails clearly on a rule it cannot watch", async () => {
    const r = await runBundledAction(
      "watch",
      { rules: "rps>5", rollback_command: "true" },
      { env: { GITHUB_SHA: SHA } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Flightdeck watch: watch rule "rps>5" cannot be watched');
  });
});
