import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { buildQaReport } from "../../src/qa/report.js";
import { reportJson } from "../../src/reports/publish.js";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";

const run = promisify(execFile);
const HEAD = "d".repeat(40);
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

function workspace(junit: string) {
  const dir = mkdtempSync(join(tmpdir(), "fd-gate-"));
  const report = buildQaReport([{ file: "r.xml", content: junit }], [], {
    defaultPriority: "P1",
    now: new Date(),
    sha: HEAD,
  });
  writeFileSync(join(dir, "flightdeck-qa-report.json"), reportJson(report));
  const event = {
    pull_request: { number: 3, user: { login: "dev" }, head: { sha: HEAD } },
    repository: { default_branch: "main" },
  };
  writeFileSync(join(dir, "event.json"), JSON.stringify(event));
  writeFileSync(join(dir, "out"), "");
  writeFileSync(join(dir, "summary.md"), "");
  return dir;
}

async function runGate(dir: string, apiUrl: string) {
  const env = {
    PATH: process.env.PATH ?? "",
    GITHUB_OUTPUT: join(dir, "out"),
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: "octo-org/launchpad",
    GITHUB_SHA: "e".repeat(40),
    GITHUB_API_URL: apiUrl,
    INPUT_FAIL_ON_RED: "true",
    INPUT_GITHUB_TOKEN: "ghs_gate",
  };
  const r = await run("node", [resolve("actions/gate/dist/index.mjs")], { env, cwd: dir }).then(
    (x) => ({ code: 0, ...x }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  return {
    ...r,
    outputs: readFileSync(join(dir, "out"), "utf8"),
    summary: readFileSync(join(dir, "summary.md"), "utf8"),
  };
}

describe("actions/gate (the committed bundle)", () => {
  it("reads the policy from the default branch and counts reviews on the head commit", async () => {
    const fake = new FakeGitHub();
    fake.files.set(
      ".github/flightdeck.yml",
      "team:\n  qa: [quinn]\ngates:\n  pullRequest:\n    approvals:\n      - { role: qa, count: 1 }\n",
    );
    fake.addUser("quinn", "write");
    const api = await serveOverHttp(fake);
    closers.push(api.close);
    const dir = workspace('<testsuite name="s"><testcase classname="c" name="[P0] ok"/></testsuite>');
    // The workspace (the pull request's checkout) tries to switch the approvals off: ignored.
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github/flightdeck.yml"), "gates:\n  pullRequest:\n    approvals: []\n");

    let r = await runGate(dir, api.url);
    expect(r.code).toBe(1);
    expect(r.summary).toContain("No-go: 0/1 qa approval");
    expect(r.outputs).toContain("action_required");

    fake.addReview(3, "quinn", "APPROVED", HEAD, "2026-11-20T10:00:00Z");
    r = await runGate(dir, api.url);
    expect(r.code).toBe(0);
    expect(r.summary).toContain("Go: every criterion is met");
    expect(api.calls).toEqual(
      expect.arrayContaining([
        "repos/get-content",
        "pulls/list-reviews",
        "repos/get-collaborator-permission-level",
      ]),
    );
    expect(api.violations).toEqual([]);
  });

  it("is red with the reason when the QA report has failing P0 tests", async () => {
    const fake = new FakeGitHub();
    const api = await serveOverHttp(fake);
    closers.push(api.close);
    const dir = workspace(
      '<testsuite name="s"><testcase classname="c" name="[P0] breaks"><failure message="no"/></testcase></testsuite>',
    );
    const r = await runGate(dir, api.url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error::No-go: 1 P0 test failing; 1 failing test > 0");
  });
});
