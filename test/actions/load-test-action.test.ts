import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";

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
    const dir = mkdtempSync(join(tmpdir(), "fd-load-"));
    for (const f of ["out", "summary.md"]) writeFileSync(join(dir, f), "");
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    const env = {
      PATH: process.env.PATH ?? "",
      GITHUB_OUTPUT: join(dir, "out"),
      GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
      GITHUB_REPOSITORY: "octo-org/launchpad",
      GITHUB_SHA: "7".repeat(40),
      GITHUB_API_URL: api.url,
      INPUT_URL: url,
      INPUT_AMOUNT: "300",
      INPUT_CONNECTIONS: "2",
      INPUT_SECRET_HEADERS: "Authorization: Bearer s3cr3t-token",
      INPUT_THRESHOLDS: "p95<500\nerror_rate<0.01\nrps>100000000",
      INPUT_FAIL_ON_THRESHOLD: "true",
      INPUT_REPORT_PATH: join(dir, "load.json"),
      INPUT_GITHUB_TOKEN: "ghs_load",
    };
    const r = await promisify(execFile)("node", [resolve("actions/load-test/dist/index.mjs")], {
      env,
      cwd: dir,
    }).then(
      (x) => ({ code: 0, ...x }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    await api.close();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::Threshold failed: rps>100000000 \(actual [\d.]+\)/);
    // The value reaches the runner only in its ::add-mask:: command, which the runner consumes.
    expect(r.stdout).toContain("::add-mask::Bearer s3cr3t-token");
    expect(r.stdout.replace("::add-mask::Bearer s3cr3t-token", "")).not.toContain("s3cr3t-token");
    expect(seenAuth.every((a) => a === "Bearer s3cr3t-token")).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, "load.json"), "utf8"));
    expect(report).toMatchObject({ kind: "load", requests: 300, errorRate: 0 });
    expect(report.thresholds.map((t: { pass: boolean }) => t.pass)).toEqual([true, true, false]);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("xychart-beta");
    expect(readFileSync(join(dir, "out"), "utf8")).toContain("passed<<");
    expect(fake.checkRuns[0]).toMatchObject({ name: "Flightdeck Load Test", conclusion: "failure" });
    expect(api.violations).toEqual([]);
  });
});
