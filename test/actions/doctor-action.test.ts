import { afterEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

const REPO = "/repos/octo-org/launchpad";

/**
 * A repository the doctor clears: labels, "Flightdeck Go/No-Go" required from App 4242 by a
 * ruleset, a QA workflow that ran on main yesterday. The fake answers the repository and its
 * files; the rest (labels, rules, branch, workflows and runs) are GitHub's REST shapes, after
 * the contract check.
 */
async function doctorWorld(options: { required?: boolean } = {}) {
  const fake = new FakeGitHub();
  fake.files.set(
    ".github/workflows/qa.yml",
    "jobs:\n  qa:\n    steps:\n      - uses: your-org/flightdeck/actions/qa@v1\n",
  );
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const answers: Array<[RegExp, unknown]> = [
    [
      /^\/labels(\?|$)/,
      ["epic", "release-checklist", "P0 bug"].map((name, i) => ({ id: i + 1, name, color: "ededed" })),
    ],
    [
      /^\/rules\/branches\/main(\?|$)/,
      [
        {
          type: "required_status_checks",
          ruleset_source_type: "Repository",
          ruleset_source: "octo-org/launchpad",
          ruleset_id: 1,
          parameters: {
            strict_required_status_checks_policy: false,
            required_status_checks:
              options.required === false ? [] : [{ context: "Flightdeck Go/No-Go", integration_id: 4242 }],
          },
        },
      ],
    ],
    [/^\/branches\/main$/, { name: "main", commit: { sha: "a".repeat(40) }, protected: false }],
    [
      /^\/actions\/workflows(\?|$)/,
      {
        total_count: 1,
        workflows: [{ id: 12, name: "QA", path: ".github/workflows/qa.yml", state: "active" }],
      },
    ],
    [
      /^\/actions\/workflows\/qa\.yml\/runs(\?|$)/,
      {
        total_count: 1,
        workflow_runs: [
          {
            id: 77,
            status: "completed",
            conclusion: "success",
            created_at: yesterday,
            html_url: "https://github.com/octo-org/launchpad/actions/runs/77",
          },
        ],
      },
    ],
  ];
  const server = await serveOverHttp(fake, (method, path) => {
    if (method !== "GET" || !path.startsWith(REPO)) return undefined;
    const rest = path.slice(REPO.length);
    const hit = answers.find(([re]) => re.test(rest));
    return hit ? { status: 200, body: hit[1] } : undefined;
  });
  closers.push(server.close);
  return { env: { env: { GITHUB_API_URL: server.url } }, server };
}

const inputs = (over: Record<string, string> = {}) => ({
  github_token: "ghs_workflow",
  fail_on: "fail",
  app_id: "4242",
  anthropic_api_key: "",
  ...over,
});

describe("doctor Action (bundled)", () => {
  it("writes the report to the job summary and passes a cleared repository, with outputs", async () => {
    const { env, server } = await doctorWorld();
    const run = await runBundledAction("doctor", inputs(), env);
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("### Flightdeck pre-flight doctor: octo-org/launchpad");
    expect(run.summary).toContain(
      '| ✅ PASS | Required check on main | "Flightdeck Go/No-Go" is required from this App (ruleset) |',
    );
    // What only the App's JWT reads is a WARN that says where to check it.
    expect(run.summary).toMatch(
      /\| ⚠️ WARN \| Webhook deliveries \| not checked: a personal or workflow token cannot read it \(a workflow token has no App JWT: run \/flightdeck doctor in an issue, or flightdeck doctor with APP_ID and PRIVATE_KEY\)/,
    );
    expect(run.stdout).toMatch(/PASS {2}QA workflow +\.github\/workflows\/qa\.yml ran on main/);
    expect(run.outputs).toEqual({ cleared: "true", failures: "0", warnings: "2" });
    expect(run.stdout).toContain("::warning::Cleared for launch, with 2 warnings.");
    expect(server.violations).toEqual([]);
  });

  it("fails the step when not cleared (default), on warnings with fail-on: warn, never with never", async () => {
    const { env } = await doctorWorld({ required: false });
    const failing = await runBundledAction("doctor", inputs(), env);
    expect(failing.code).toBe(1);
    expect(failing.outputs.cleared).toBe("false");
    expect(failing.stdout).toContain("::error::Not cleared for launch: 1 check failed, 2 warnings.");
    expect(failing.summary).toContain('"Flightdeck Go/No-Go" is not a required status check');
    const never = await runBundledAction("doctor", inputs({ fail_on: "never" }), env);
    expect(never.code).toBe(0);
    const cleared = await doctorWorld();
    const strict = await runBundledAction("doctor", inputs({ fail_on: "warn" }), cleared.env);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("::error::Cleared for launch, with 2 warnings. (fail-on: warn)");
  });

  it("refuses a bad input with a clear message", async () => {
    const r = await runBundledAction("doctor", inputs({ fail_on: "sometimes" }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::input fail-on must be fail, warn or never, got "sometimes"');
  });
});
