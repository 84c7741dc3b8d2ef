import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

let target: Server;
let url = "";
const seenAuth: string[] = [];
beforeAll(async () => {
  target = createServer((req, res) => {
    seenAuth.push(String(req.headers.authorization));
    res.end("ok");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => target.close(() => r())));

describe("actions/load-test (the committed bundle)", () => {
  it("reports, charts, publishes the check run, masks secrets, and fails on a threshold", async () => {
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    const r = await runBundledAction(
      "load-test",
      {
        url,
        amount: "300",
        connections: "2",
        secret_headers: "Authorization: Bearer s3cr3t-token",
        thresholds: "p95<500\nerror_rate<0.01\nrps>100000000",
        fail_on_threshold: "true",
        report_path: "load.json",
        github_token: "ghs_load",
      },
      { env: { GITHUB_SHA: "7".repeat(40), GITHUB_API_URL: api.url } },
    );
    await api.close();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::Threshold failed: rps>100000000 \(actual [\d.]+ req\/s\)/);
    // The value reaches the runner only in its ::add-mask:: command, which the runner consumes.
    expect(r.stdout).toContain("::add-mask::Bearer s3cr3t-token");
    expect(r.stdout.replace("::add-mask::Bearer s3cr3t-token", "")).not.toContain("s3cr3t-token");
    expect(seenAuth.every((a) => a === "Bearer s3cr3t-token")).toBe(true);
    const report = JSON.parse(readFileSync(join(r.dir, "load.json"), "utf8"));
    expect(report).toMatchObject({ kind: "load", requests: 300, errorRate: 0 });
    expect(report.thresholds.map((t: { pass: boolean }) => t.pass)).toEqual([true, true, false]);
    expect(r.summary).toContain("xychart-beta");
    expect(r.outputs.passed).toBe("false");
    expect(fake.checkRuns[0]).toMatchObject({ name: "Flightdeck Load Test", conclusion: "failure" });
    expect(api.violations).toEqual([]);
  });
});
