import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import { reportFromCheckText } from "../src/reports/publish.js";
import { cliIo } from "./support/cli-io.js";
import { FakeGitHub } from "./support/fake-github.js";
import { serveGitHub } from "./support/nock-github.js";

const io = (env: Record<string, string> = {}) => cliIo({ env });
const SHA = "a".repeat(40);

describe("flightdeck report (custom evidence)", () => {
  it("builds a custom report from --check and --from, writes it, and exits 1 when a check fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flightdeck-"));
    writeFileSync(
      join(dir, "e2e.json"),
      JSON.stringify([{ name: "checkout", pass: true, url: "https://ci.example.com/1" }]),
    );
    let t = io({ GITHUB_SHA: SHA, GITHUB_REPOSITORY: "octo-org/launchpad" });
    const code = await runCli(
      [
        "report",
        "e2e",
        "--check",
        "login=pass",
        "--check",
        "search=fail:timed out after 30 s",
        "--from",
        join(dir, "e2e.json"),
        "--out",
        join(dir, "r.json"),
      ],
      t.cli,
    );
    expect(code).toBe(1);
    expect(t.err()).toContain("1 of 3 e2e checks failed");
    expect(t.out()).toContain("| ❌ | search | timed out after 30 s |");
    expect(t.out()).toContain("| ✅ | [checkout](https://ci.example.com/1) |  |");
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    expect(report).toMatchObject({
      schema: "flightdeck.report/v1",
      kind: "custom",
      name: "e2e",
      sha: SHA,
      repository: "octo-org/launchpad",
    });
    expect(report.checks).toHaveLength(3);

    t = io();
    expect(
      await runCli(
        ["report", "e2e", "--check", "login=pass", "--no-fail", "--check", "x=fail", "--json"],
        t.cli,
      ),
    ).toBe(0);
    expect(JSON.parse(t.out()).checks[1]).toEqual({ name: "x", pass: false });
  });

  it("says what is wrong with bad input", async () => {
    const cases: Array<[string[], string]> = [
      [
        ["report", "Accessibility", "--check", "a=pass"],
        '"Accessibility" is not a report name: use lowercase letters, digits and -',
      ],
      [["report", "a11y", "--check", "contrast"], '--check "contrast" is not NAME=pass or NAME=fail'],
      [["report", "a11y"], "a report needs at least one check"],
      [["report", "a11y", "--check", "a=pass", "--publish"], "--publish needs GITHUB_TOKEN"],
    ];
    for (const [args, message] of cases) {
      const t = io();
      expect(await runCli(args, t.cli)).toBe(2);
      expect(t.err()).toContain(message);
    }
  });

  it('publishes the "Flightdeck Report: <name>" check run on the commit, stamped with its workflow run', async () => {
    const fake = new FakeGitHub();
    fake.restApp = { id: 15368, slug: "github-actions" };
    const served = serveGitHub(fake, ["POST"]);
    const t = io({
      GITHUB_TOKEN: "ghs_workflow",
      GITHUB_REPOSITORY: "octo-org/launchpad",
      GITHUB_SHA: SHA,
      GITHUB_WORKFLOW_REF: "octo-org/launchpad/.github/workflows/a11y.yml@refs/heads/main",
      GITHUB_RUN_ID: "12000880001",
    });
    expect(await runCli(["report", "accessibility", "--check", "contrast=pass", "--publish"], t.cli)).toBe(0);
    const run = fake.checkRuns.at(-1);
    expect(run).toMatchObject({
      name: "Flightdeck Report: accessibility",
      headSha: SHA,
      conclusion: "success",
    });
    expect(run?.output.title).toBe("accessibility: 1/1 checks pass");
    const parsed = reportFromCheckText(run?.output.text);
    expect(parsed.ok && parsed.report).toMatchObject({
      kind: "custom",
      workflow: ".github/workflows/a11y.yml",
      runId: 12000880001,
    });
    expect(served.violations).toEqual([]);
  });
});
