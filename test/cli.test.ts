import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import { cliIo } from "./support/cli-io.js";
import { epicWorld, expectConverged } from "./support/epic-world.js";
import { serveGitHub } from "./support/nock-github.js";
import { fixtureEpicPath, hasSharedExamples, sharedExamplePath } from "./support/paths.js";

const io = (stdin = "", env: Record<string, string> = {}, tty = false) =>
  cliIo({ stdin, env, tty, now: "2025-01-06T00:00:00Z" });
const billing = fixtureEpicPath("usage-billing.md");
const tmp = () => mkdtempSync(join(tmpdir(), "flightdeck-"));

describe("flightdeck", () => {
  it("prints its version and examples in every command's help", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    let t = io();
    expect(await runCli(["--version"], t.cli)).toBe(0);
    expect(t.out().trim()).toBe(pkg.version);
    for (const command of ["plan", "apply", "qa", "checklist", "load-test"]) {
      t = io();
      expect(await runCli([command, "--help"], t.cli)).toBe(0);
      expect(t.out()).toMatch(
        new RegExp(`Examples:\\n  \\$ (GITHUB_TOKEN=… |cat epic.md \\| )?flightdeck ${command}`),
      );
    }
    t = io();
    expect(await runCli(["--help"], t.cli)).toBe(0);
    expect(t.out()).toContain("Examples:\n  $ flightdeck plan epic.md");
  });
});

describe("flightdeck plan", () => {
  const epic = "## Tasks\n- [ ] Build the API\n- [ ] Test the API (after Build the API)\n";

  it("shows a readable view on a terminal: table, dependencies, critical path, forecast — no Markdown", async () => {
    const t = io(epic, {}, true);
    expect(await runCli(["plan", "-", "--epic", "7"], t.cli)).toBe(0);
    const text = t.out();
    expect(text).toContain("Flightdeck plan for #7: 2 tasks, 8 h");
    expect(text).toMatch(/│ Key │ Task +│ Role +│ Estimate │ Priority │ Depends on │ Assignee │/);
    expect(text).toMatch(/│ T1 +│ Build the API/);
    expect(text).toContain("Dependencies:");
    expect(text).toContain("Critical path: ");
    expect(text).toMatch(/Forecast: +\d{4}-\d{2}-\d{2} \(\d+ working days? from 2025-01-06\)/);
    for (const raw of ["```", "mermaid", "|---|", "<!--", "**", "<details>"]) expect(text).not.toContain(raw);
  });

  it("prints the preview Markdown when piped or with --format md, and JSON with --format json or --json", async () => {
    let t = io(epic);
    expect(await runCli(["plan", "-"], t.cli)).toBe(0);
    expect(t.out()).toContain("## 🛫 Flightdeck plan for #1: 2 tasks, 8 h");
    expect(t.out()).toContain("```mermaid");
    t = io(epic, {}, true);
    expect(await runCli(["plan", "-", "--format", "md"], t.cli)).toBe(0);
    expect(t.out()).toContain("```mermaid");
    for (const flag of [["--format", "json"], ["--json"]]) {
      t = io(epic, {}, true);
      expect(await runCli(["plan", "-", ...flag], t.cli)).toBe(0);
      expect(JSON.parse(t.out()).tasks).toHaveLength(2);
    }
    t = io(epic);
    expect(await runCli(["plan", "-", "--format", "html"], t.cli)).toBe(2);
    expect(t.err()).toContain("argument 'html' is invalid. Allowed choices are text, md, json.");
  });

  it("keeps an epic's control characters out of the terminal", async () => {
    const t = io("## Tasks\n- [ ] Build \u001b[2Jthe API\n", {}, true);
    expect(await runCli(["plan", "-"], t.cli)).toBe(0);
    expect(t.out()).not.toContain("\u001b");
  });

  it.skipIf(!hasSharedExamples)(
    "prints the preview for the playbooks' task-api epic, keeping its 12 tasks and edges",
    async () => {
      const t = io();
      expect(await runCli(["plan", sharedExamplePath("task-api-epic.md"), "--epic", "12"], t.cli)).toBe(0);
      expect(t.out()).toContain("## 🛫 Flightdeck plan for #12: 12 tasks, 27 h");
      expect(t.out()).toContain("  n_T9 --> n_T12");
      expect(t.err()).toBe("");
    },
  );

  it("prints Plan JSON from stdin, honouring --max-tasks and a config file", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "fd.yml"), "planner:\n  defaultEstimateHours: 6\n");
    const t = io("## Tasks\n- [ ] Build the API\n- [ ] Test the API\n");
    expect(
      await runCli(["plan", "-", "--json", "--config", join(dir, "fd.yml"), "--max-tasks", "5"], t.cli),
    ).toBe(0);
    const plan = JSON.parse(t.out());
    expect(plan.tasks.map((x: { estimateHours: number }) => x.estimateHours)).toEqual([6, 6]);
  });

  it("fails with a clear message on unreadable input, a bad config or bad options; groups too many tasks", async () => {
    let t = io();
    expect(await runCli(["plan", "no/such/epic.md"], t.cli)).toBe(1);
    expect(t.err()).toBe("flightdeck: cannot read no/such/epic.md: ENOENT");

    const dir = tmp();
    writeFileSync(join(dir, "bad.yml"), "planner:\n  maxTask: 3\n");
    t = io();
    expect(await runCli(["plan", billing, "--config", join(dir, "bad.yml")], t.cli)).toBe(1);
    expect(t.err()).toContain(
      `\`${join(dir, "bad.yml")}\` line 2, \`planner.maxTask\`: unknown key "maxTask"`,
    );

    t = io();
    expect(await runCli(["plan", billing, "--max-tasks", "zero"], t.cli)).toBe(2);
    expect(t.err()).toBe('flightdeck: --max-tasks must be a positive whole number, got "zero"');

    t = io();
    // Over the limit the tasks are grouped, not refused, and the note names the key and the flag.
    expect(await runCli(["plan", billing, "--max-tasks", "3", "--json"], t.cli)).toBe(0);
    expect(JSON.parse(t.out()).tasks).toHaveLength(3);
    expect(t.out()).toContain("Raise planner.maxTasks (CLI --max-tasks) for one task each.");

    t = io();
    expect(await runCli(["frobnicate"], t.cli)).toBe(2);
    expect(t.err()).toContain("unknown command 'frobnicate'");
  });
});

describe("flightdeck apply", () => {
  it("needs a token and a well-formed repository", async () => {
    let t = io();
    expect(await runCli(["apply", billing, "--repo", "octo-org/launchpad", "--epic", "1"], t.cli)).toBe(2);
    expect(t.err()).toBe(
      "flightdeck: GITHUB_TOKEN is not set: a token with issues:write on the repository is needed.",
    );
    t = io("", { GITHUB_TOKEN: "x" });
    expect(await runCli(["apply", billing, "--repo", "launchpad", "--epic", "1"], t.cli)).toBe(2);
    expect(t.err()).toBe('flightdeck: --repo must be OWNER/NAME, got "launchpad"');
  });

  it("lists the writes on --dry-run, then materializes the epic through the app's executor", async () => {
    const { fake, epic, plan } = epicWorld();
    const served = serveGitHub(fake, ["graphql", "GET"]);
    fake.files.set(".github/flightdeck.yml", "labels:\n  role: 'role: '\n");
    const env = { GITHUB_TOKEN: "ghs_cli" };
    const args = ["apply", billing, "--repo", `${fake.owner}/${fake.name}`, "--epic", String(epic.number)];
    let t = io("", env);
    expect(await runCli([...args, "--dry-run"], t.cli)).toBe(0);
    expect(t.out()).toContain(
      `Dry run: 31 writes to ${fake.owner}/${fake.name}#${epic.number} (nothing was written):`,
    );
    expect(fake.writeCount).toBe(0);
    expect(t.drawn()).toBe("");
    t = io("", env, true);
    expect(await runCli(args, t.cli)).toBe(0);
    // On a terminal, a bar of writes done / planned is drawn on stderr and cleared at the end.
    expect(t.drawn()).toContain("Applying ");
    expect(t.drawn()).toContain("31/31 writes");
    expect(t.err()).toBe("");
    expect(t.out()).toContain("Applied 12 tasks");
    expect(t.out()).toContain(
      "12 sub-issues created, 0 already there, 11 dependencies added, 6 labels created, 5 API requests.",
    );
    expectConverged(fake, epic.number, plan);
    expect(served.violations).toEqual([]);
    expect(served.calls).toContain("repos/get-content");
    expect(served.scope.isDone()).toBe(true);
  });
});

describe("flightdeck qa", () => {
  const reports = "test/fixtures/qa/reports";
  it("reports the right counts across producers, as Markdown or JSON, and writes --out", async () => {
    const dir = tmp();
    const t = io();
    const args = [
      "qa",
      "--junit",
      `${reports}/pytest.xml`,
      `${reports}/surefire.xml`,
      "--coverage",
      `${reports}/pytest-cobertura.xml`,
    ];
    expect(
      await runCli(
        [...args, "--json", "--out", join(dir, "qa.json"), "--sha", "abcdef1", "--no-fail"],
        t.cli,
      ),
    ).toBe(0);
    const report = JSON.parse(t.out());
    expect(report.tests).toEqual({ total: 10, passed: 4, failed: 2, errored: 2, skipped: 2, flaky: 1 });
    expect(report.coverage).toEqual({ lines: 70, branches: 50 });
    expect(report.sha).toBe("abcdef1");
    expect(JSON.parse(readFileSync(join(dir, "qa.json"), "utf8"))).toEqual(report);
  });

  it("exits 1 on a red verdict like the QA Action, 0 with --no-fail or a green verdict", async () => {
    let t = io();
    expect(await runCli(["qa", "--junit", `${reports}/pytest.xml`], t.cli)).toBe(1);
    expect(t.out()).toContain("Verdict: No-go: ");
    expect(t.err()).toMatch(
      /^flightdeck: QA verdict is red: No-go: .*failing.* \(--no-fail exits 0 anyway\)$/,
    );
    t = io();
    expect(await runCli(["qa", "--junit", `${reports}/pytest.xml`, "--no-fail"], t.cli)).toBe(0);
    expect(t.err()).toBe("");
    expect(t.out()).toContain("| Priority | Tests |");
    // On a terminal: plain lines, no Markdown table.
    t = io("", {}, true);
    expect(await runCli(["qa", "--junit", `${reports}/pytest.xml`, "--no-fail"], t.cli)).toBe(0);
    expect(t.out()).toMatch(/^QA: \d+ tests: \d+ passed, \d+ failed, \d+ errors?, \d+ skipped/);
    expect(t.out()).toMatch(/\n {2}✗ \[P\d\] /);
    expect(t.out()).not.toContain("|---|");
    const dir = tmp();
    writeFileSync(
      join(dir, "fd.yml"),
      "gates:\n  pullRequest:\n    qa:\n      p0MustPass: warn\n      maxFailures: { value: 100 }\n",
    );
    t = io();
    expect(
      await runCli(["qa", "--junit", `${reports}/pytest.xml`, "--config", join(dir, "fd.yml")], t.cli),
    ).toBe(0);
  });

  it("fails clearly on a glob that matches nothing, a malformed report, or a bad priority", async () => {
    let t = io();
    expect(await runCli(["qa", "--junit", "nope/*.xml"], t.cli)).toBe(1);
    expect(t.err()).toBe("flightdeck: no file matches --junit 'nope/*.xml'");
    t = io();
    expect(await runCli(["qa", "--junit", `${reports}/not-junit.xml`], t.cli)).toBe(1);
    expect(t.err()).toContain(
      "not-junit.xml: not a test report Flightdeck reads (an XML file whose root element is <coverage>)",
    );
    t = io();
    expect(await runCli(["qa", "--junit", `${reports}/vitest.xml`, "--default-priority", "P7"], t.cli)).toBe(
      2,
    );
    expect(t.err()).toBe('flightdeck: --default-priority must be P0, P1 or P2, got "P7"');
    t = io();
    expect(await runCli(["qa", "--tests", `${reports}/vitest.xml`, "--format", "nunit"], t.cli)).toBe(2);
    expect(t.err()).toBe(
      'flightdeck: --format must be one of junit, nunit3, xunit2, trx, mocha-json, jest-json, go-test-json, cucumber-json, got "nunit"',
    );
    t = io();
    expect(await runCli(["qa"], t.cli)).toBe(2);
    expect(t.err()).toBe("flightdeck: --tests is required: the test reports, as globs");
  });

  it("reads every format with --tests, detected from content; --format overrides", async () => {
    const t = io();
    const files = [
      "nunit3.xml",
      "xunit2.xml",
      "dotnet.trx",
      "mocha.json",
      "jest.json",
      "go-test.json",
      "cucumber.json",
    ];
    // The fixtures hold failing tests on purpose: the verdict is red, --no-fail keeps exit 0.
    expect(
      await runCli(["qa", "--tests", ...files.map((f) => `${reports}/${f}`), "--json", "--no-fail"], t.cli),
    ).toBe(0);
    const report = JSON.parse(t.out());
    expect(report.sources.map((s: { format: string }) => s.format)).toEqual([
      "nunit3",
      "xunit2",
      "trx",
      "mocha-json",
      "jest-json",
      "go-test-json",
      "cucumber-json",
    ]);
    expect(report.tests.total).toBe(8 + 7 + 7 + 7 + 8 + 8 + 6);
    const forced = io();
    expect(
      await runCli(["qa", "--tests", `${reports}/mocha.json`, "--format", "jest-json"], forced.cli),
    ).toBe(1);
    expect(forced.err()).toContain('mocha.json: not Jest JSON: no "numTotalTests" and "testResults"');
  });
});

describe("flightdeck checklist", () => {
  it("prints the built-in checklist, or opens it once on a repository", async () => {
    let t = io();
    expect(await runCli(["checklist", "v3.1.0"], t.cli)).toBe(0);
    expect(t.out()).toContain("# Release v3.1.0: readiness checklist");
    expect(t.out()).toContain("### Operations");
    const { fake } = epicWorld();
    const served = serveGitHub(fake, ["GET", "POST"]);
    t = io("", { GITHUB_TOKEN: "ghs_cli" });
    expect(await runCli(["checklist", "v3.1.0", "--repo", `${fake.owner}/${fake.name}`], t.cli)).toBe(0);
    expect(t.out()).toMatch(/^Opened octo-org\/launchpad#\d+$/);
    t = io("", { GITHUB_TOKEN: "ghs_cli" });
    expect(await runCli(["checklist", "v3.1.0", "--repo", `${fake.owner}/${fake.name}`], t.cli)).toBe(0);
    expect(t.out()).toMatch(/^Already open: octo-org\/launchpad#\d+$/);
    expect(served.violations).toEqual([]);
    expect(served.scope.isDone()).toBe(true);
    t = io();
    expect(await runCli(["checklist", "not a version"], t.cli)).toBe(2);
  });
});
