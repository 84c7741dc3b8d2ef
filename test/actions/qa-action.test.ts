import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseReport } from "../../src/reports/publish.js";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

const REPORTS = resolve("test/fixtures/qa/reports");
const SHA = "c".repeat(40);
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

/** Runs the committed QA bundle in the fixture folder, its report written to a scratch folder. */
async function runAction(inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "fd-qa-"));
  const reportPath = join(dir, "report.json");
  const r = await runBundledAction(
    "qa",
    { report_path: reportPath, p0_must_pass: "true", fail_on_red: "true", ...inputs },
    { env: { GITHUB_SHA: SHA, ...extraEnv }, cwd: REPORTS, dir },
  );
  return { ...r, reportPath };
}

describe("actions/qa (the committed bundle, run as the composite action runs it)", () => {
  it("reports, summarizes, annotates and fails the step on a red verdict", async () => {
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    closers.push(api.close);
    const r = await runAction(
      { junit: "vitest.xml", coverage: "vitest-lcov.info", min_coverage: "80", github_token: "ghs_action" },
      { GITHUB_API_URL: api.url },
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ passed: "2", failed: "2", coverage: "100", verdict: "no-go" });
    expect(r.stdout).toContain("::error::No-go: 1 P0 test failing; 2 failing tests > 0");
    expect(r.summary).toContain("### Flightdeck QA");
    expect(r.summary).toContain("| ❌ | P0 tests pass | all P0 tests pass | 1/2 passed | blocking |");
    const report = parseReport(readFileSync(r.reportPath, "utf8"), "report");
    expect(report.ok && report.report.kind === "qa" && report.report.sha).toBe(SHA);
    const check = fake.checkRuns.find((c) => c.name === "Flightdeck QA");
    expect(check).toMatchObject({
      headSha: SHA,
      conclusion: "failure",
      output: { title: "2/4 passed, 2 failing, 100.0% lines covered" },
    });
    expect(check?.annotations?.map((a) => `${a.path}:${a.start_line} ${a.title}`)).toEqual([
      "cart.spec.ts:9 [P0] cart > [P0] applies the discount",
      "cart.spec.ts:16 [P1] cart > throws on a broken fixture",
    ]);
    expect(api.calls).toEqual(["checks/create"]);
    expect(api.violations).toEqual([]);
  });

  it("passes a green run, and only warns without checks: write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fd-junit-"));
    writeFileSync(
      join(dir, "ok.xml"),
      '<testsuite name="s"><testcase classname="c" name="[P0] works" time="0.1"/></testsuite>',
    );
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake, (method) =>
      method === "POST"
        ? { status: 403, body: { message: "Resource not accessible by integration" } }
        : undefined,
    );
    closers.push(api.close);
    const r = await runAction(
      { junit: join(dir, "*.xml"), github_token: "ghs_action" },
      { GITHUB_API_URL: api.url },
    );
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe("go");
    expect(r.stdout).toContain(
      '::warning::Could not create the "Flightdeck QA" check run (HTTP 403). Give the job `permissions: checks: write`',
    );
  });

  it("names the file and the problem for malformed or missing reports", async () => {
    let r = await runAction({ junit: "malformed.xml" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::Flightdeck QA: malformed\.xml: not well-formed XML at line \d+, column \d+/,
    );
    r = await runAction({ junit: "no-such-*.xml" });
    expect(r.stdout).toContain("::error::Flightdeck QA: no file matches tests 'no-such-*.xml'");
    r = await runAction({ junit: "vitest.xml", max_failures: "lots" });
    expect(r.stdout).toContain(
      '::error::Flightdeck QA: input max-failures must be a whole number ≥ 0, got "lots"',
    );
  });
});

describe("check-run annotations", () => {
  it("are capped at GitHub's 50 per request: the 50 most important (P0 first), and the rest are counted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fd-many-"));
    const cases = Array.from(
      { length: 120 },
      (_, i) =>
        `<testcase classname="c" name="${i >= 100 ? "[P0] " : ""}t${i}" file="src/t.test.ts"><failure message="boom ${i}">at src/t.test.ts:${i + 1}:1</failure></testcase>`,
    );
    cases.push('<testcase classname="c" name="no file"><failure message="boom"/></testcase>');
    writeFileSync(join(dir, "many.xml"), `<testsuite name="s">${cases.join("")}</testsuite>`);
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    closers.push(api.close);
    const r = await runAction(
      {
        tests: join(dir, "many.xml"),
        github_token: "ghs_action",
        max_failures: "1000",
        p0_must_pass: "false",
      },
      { GITHUB_API_URL: api.url },
    );
    expect(r.code).toBe(0);
    expect(api.calls).toEqual(["checks/create"]);
    const check = fake.checkRuns[0];
    expect(check?.annotations).toHaveLength(50);
    // The 20 P0 failures lead, then the P1 ones in the report's order.
    expect(check?.annotations?.slice(0, 20).every((a) => a.title?.startsWith("[P0]"))).toBe(true);
    expect(check?.annotations?.[20]).toMatchObject({
      path: "src/t.test.ts",
      start_line: 1,
      title: "[P1] t0",
    });
    const note =
      "Annotated 50 of 121 failing tests; 71 not annotated: 70 left out because GitHub accepts 50 annotations per request (the most important are shown: P0 first); 1 without a file to point at. All are in the report file.";
    expect(check?.output?.summary).toContain(note);
    expect(r.summary).toContain(note);
    expect(api.violations).toEqual([]);
  });
});

describe("test report formats", () => {
  it("reads any supported format through the tests input, and names the format input's choices", async () => {
    const r = await runAction({ tests: "mocha.json jest.json", p0_must_pass: "false", max_failures: "10" });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ passed: "9", failed: "3" });
    const report = parseReport(readFileSync(r.reportPath, "utf8"), "report");
    expect(report.ok && report.report.kind === "qa" && report.report.sources).toEqual([
      { file: "mocha.json", format: "mocha-json", tests: 7 },
      { file: "jest.json", format: "jest-json", tests: 8 },
    ]);
    const bad = await runAction({ tests: "mocha.json", format: "mocha" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      '::error::Flightdeck QA: input format must be one of junit, nunit3, xunit2, trx, mocha-json, jest-json, go-test-json, cucumber-json (or empty to detect it), got "mocha"',
    );
    const none = await runAction({});
    expect(none.stdout).toContain(
      "::error::Flightdeck QA: input tests is required: the test reports, as globs",
    );
  });
});
