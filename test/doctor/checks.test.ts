import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { type Config, DEFAULT_CONFIG } from "../../src/config/schema.js";
import { evaluateDoctor } from "../../src/doctor/checks.js";
import type { DoctorFacts } from "../../src/doctor/facts.js";
import { doctorMarkdown, doctorText } from "../../src/doctor/render.js";

const APP = 4242;
const NOW = new Date("2026-12-06T09:00:00Z");
const withDeployments = parseConfig("gates:\n  deployments:\n    production: {}\n") as {
  ok: true;
  config: Config;
};

/** A repository ready for launch, in app mode; each test breaks one thing. */
function ready(overrides: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    repository: "octo-org/launchpad",
    defaultBranch: "main",
    mode: "app",
    appId: APP,
    config: { ok: true, config: withDeployments.config, source: "octo-org/launchpad:.github/flightdeck.yml" },
    labels: ["epic", "release-checklist", "P0 bug"],
    installation: {
      permissions: {
        issues: "write",
        contents: "read",
        metadata: "read",
        pull_requests: "read",
        checks: "write",
        actions: "read",
        deployments: "write",
        merge_queues: "read",
      },
      events: [
        "issues",
        "issue_comment",
        "pull_request",
        "pull_request_review",
        "check_run",
        "deployment_protection_rule",
        "sub_issues",
        "issue_dependencies",
        "merge_group",
      ],
    },
    requiredChecks: { checks: [{ context: "Flightdeck Go/No-Go", appId: APP, from: "ruleset" }] },
    environments: {
      production: { exists: true, reviewers: ["rita"], customRules: [{ appId: APP, slug: "flightdeck" }] },
    },
    qaWorkflow: {
      path: ".github/workflows/qa.yml",
      lastRun: {
        conclusion: "success",
        status: "completed",
        createdAt: "2026-12-05T10:00:00Z",
        url: "https://github.com/x",
      },
    },
    llm: { keyPresent: false },
    budget: { state: "not-configured" },
    deliveries: { failed: [], checked: 12, windowHours: 24 },
    now: NOW,
    ...overrides,
  };
}

const line = (facts: DoctorFacts, check: string) =>
  evaluateDoctor(facts).lines.find((l) => l.check.startsWith(check));

describe("pre-flight doctor", () => {
  it("clears a ready repository, every line passing", () => {
    const report = evaluateDoctor(ready());
    expect(report.lines.map((l) => `${l.status} ${l.check}`)).toEqual([
      "PASS Config",
      "PASS Labels",
      "PASS Permissions and events",
      "PASS Required check on main",
      "PASS Environment production",
      "PASS QA workflow",
      "PASS LLM",
      "PASS Budget",
      "PASS Webhook deliveries",
    ]);
    expect(report).toMatchObject({ cleared: true, overall: "Cleared for launch: every check passed." });
  });

  it("fails an invalid config and judges the rest against the defaults", () => {
    const report = evaluateDoctor(
      ready({
        config: {
          ok: false,
          source: "octo-org/launchpad:.github/flightdeck.yml",
          problems: "gates.pull-request: renamed to gates.pullRequest",
        },
      }),
    );
    expect(report.lines[0]).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("renamed to gates.pullRequest"),
    });
    expect(report.lines.some((l) => l.check.startsWith("Environment production"))).toBe(false);
    expect(report.overall).toBe("Not cleared for launch: 1 check failed.");
  });

  it("fails without the trigger label and warns about missing release labels", () => {
    expect(line(ready({ labels: ["bug"] }), "Labels")).toMatchObject({
      status: "FAIL",
      fix: expect.stringContaining('Create the label "epic"'),
    });
    expect(line(ready({ labels: ["epic"] }), "Labels")).toMatchObject({
      status: "WARN",
      detail: expect.stringContaining('"release-checklist", "P0 bug"'),
    });
  });

  it("fails on a missing permission or event the config uses, warns on optional ones", () => {
    const base = ready().installation as { permissions: Record<string, string>; events: string[] };
    const noDeploy = { ...base, permissions: { ...base.permissions, deployments: "read" } };
    expect(line(ready({ installation: noDeploy }), "Permissions")).toMatchObject({
      status: "FAIL",
      detail: "missing deployments: write (the deployment protection rule)",
    });
    const noMerge = { ...base, events: base.events.filter((e) => e !== "merge_group") };
    expect(line(ready({ installation: noMerge }), "Permissions")).toMatchObject({
      status: "WARN",
      detail: "missing event merge_group",
    });
    expect(
      line(
        ready({
          mode: "token",
          installation: { unavailable: "a personal or workflow token cannot read it" },
        }),
        "Permissions",
      ),
    ).toMatchObject({
      status: "WARN",
      detail: "not checked: a personal or workflow token cannot read it",
    });
  });

  it("requires the Go/No-Go check from this App, not from anyone", () => {
    expect(line(ready({ requiredChecks: { checks: [] } }), "Required check")).toMatchObject({
      status: "FAIL",
      fix: expect.stringContaining("source Flightdeck"),
    });
    expect(
      line(
        ready({
          requiredChecks: {
            checks: [{ context: "Flightdeck Go/No-Go", appId: null, from: "branch protection" }],
          },
        }),
        "Required check",
      ),
    ).toMatchObject({
      status: "WARN",
      detail: expect.stringContaining("from any source"),
    });
    expect(
      line(
        ready({
          requiredChecks: { checks: [{ context: "Flightdeck Go/No-Go", appId: 15368, from: "ruleset" }] },
        }),
        "Required check",
      ),
    ).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("another app (15368)"),
    });
  });

  it("checks each gated environment's rule and reviewers", () => {
    expect(
      line(
        ready({ environments: { production: { exists: false, reviewers: [], customRules: [] } } }),
        "Environment",
      ),
    ).toMatchObject({ status: "FAIL" });
    expect(
      line(
        ready({
          environments: {
            production: { exists: true, reviewers: ["rita"], customRules: [{ appId: 7, slug: "other" }] },
          },
        }),
        "Environment",
      ),
    ).toMatchObject({
      status: "FAIL",
      detail: "Flightdeck's deployment protection rule is not enabled (enabled: other)",
    });
    expect(
      line(
        ready({
          environments: {
            production: { exists: true, reviewers: [], customRules: [{ appId: APP, slug: "flightdeck" }] },
          },
        }),
        "Environment",
      ),
    ).toMatchObject({
      status: "WARN",
      detail: expect.stringContaining("no required reviewers"),
    });
  });

  it("judges the QA workflow by the policy and its last run on the default branch", () => {
    expect(line(ready({ qaWorkflow: {} }), "QA")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("every pull request's gate will be red"),
    });
    const old = {
      path: ".github/workflows/qa.yml",
      lastRun: { conclusion: "success", status: "completed", createdAt: "2026-11-20T10:00:00Z", url: "u" },
    };
    expect(line(ready({ qaWorkflow: old }), "QA")).toMatchObject({
      status: "WARN",
      detail: expect.stringContaining("over 7 days ago"),
    });
    const red = {
      ...old,
      lastRun: { ...old.lastRun, createdAt: "2026-12-06T08:00:00Z", conclusion: "failure" },
    };
    expect(line(ready({ qaWorkflow: red }), "QA")).toMatchObject({
      status: "WARN",
      detail: expect.stringContaining(": failure"),
    });
  });

  it("checks the LLM key and model without a call unless one was made", () => {
    const llm = parseConfig("planner:\n  mode: llm\nllm:\n  model: claude-unknown-9\n") as {
      ok: true;
      config: Config;
    };
    const cfg = { ok: true as const, config: llm.config, source: "x" };
    expect(line(ready({ config: cfg }), "LLM")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining("ANTHROPIC_API_KEY is not set"),
    });
    expect(line(ready({ config: cfg, llm: { keyPresent: true } }), "LLM")).toMatchObject({
      status: "FAIL",
      detail: expect.stringContaining('"claude-unknown-9" has no price'),
    });
    expect(line(ready({ llm: { keyPresent: true } }), "LLM")?.detail).toBe(
      "key set, model claude-sonnet-5-5 known (no call made; --check-llm makes one)",
    );
    expect(
      line(
        ready({ llm: { keyPresent: true, check: { ok: false, detail: "401 invalid x-api-key" } } }),
        "LLM",
      ),
    ).toMatchObject({ status: "FAIL" });
  });

  it("shows the budget state and failed deliveries", () => {
    expect(
      line(ready({ budget: { state: "exhausted", spentUsd: 50, limitUsd: 50 } }), "Budget"),
    ).toMatchObject({ status: "WARN", detail: expect.stringContaining("$50.00 of $50.00") });
    const failed = {
      failed: [
        {
          guid: "g",
          event: "issues",
          action: "labeled",
          statusCode: 503,
          deliveredAt: "2026-12-06T08:00:00Z",
        },
      ],
      checked: 3,
      windowHours: 24,
    };
    expect(line(ready({ deliveries: failed }), "Webhook")).toMatchObject({
      status: "WARN",
      detail: "1 failed delivery in the last 24 h: issues.labeled → 503 at 2026-12-06T08:00:00Z",
    });
  });

  it("renders Markdown with sanitized findings and a terminal view", () => {
    const report = evaluateDoctor(
      ready({
        labels: ["bug"],
        config: { ok: true, config: { ...DEFAULT_CONFIG, trigger: { label: "@team|#1" } }, source: "s" },
      }),
    );
    const md = doctorMarkdown(report);
    expect(md).toContain("🔴 **Not cleared for launch: 1 check failed.**");
    expect(md).not.toMatch(/(^|[^\u200b])@team/);
    expect(md).toContain("\\|");
    const text = doctorText(report);
    expect(text).toMatch(/^FAIL {2}Labels/m);
    expect(text).toMatch(/ {8,}fix: Create the label/);
  });
});
