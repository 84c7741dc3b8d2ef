import nock from "nock";
import { checkContracts } from "../support/nock-github.js";

/** The App's id in the doctor's tests (as FLIGHTDECK_APP in the fake GitHub). */
export const DOCTOR_APP_ID = 4242;
const REPO = "/repos/octo-org/launchpad";
const CONFIG = "gates:\n  deployments:\n    production: {}\n";

export interface DoctorWorld {
  /** The default branch's .github/flightdeck.yml (default: one production deployment gate). */
  config?: string;
  /** With a monthly budget in `config`: serve the ledger search (no ledger issue this month). */
  ledger?: boolean;
  labels?: string[];
  rulesets?: Array<{ context: string; integration_id?: number }>;
  protection?: unknown;
  environment?: "missing" | { reviewers: string[]; ruleApps: number[] };
  qaRunAt?: string | null;
  /** App mode: the installation and deliveries (served to the JWT client). */
  app?: { permissions: Record<string, string>; events: string[]; failedDeliveries?: number };
}

/**
 * GitHub's answers to every read of the pre-flight doctor for octo-org/launchpad, in the shapes
 * of GitHub's REST API (GET /repos/{o}/{r}, contents, labels, rules, branch, environment and its
 * protection rules, workflows and runs; in app mode the installation and hook deliveries), with
 * every request checked against GitHub's OpenAPI operations.
 */
export function serveDoctorWorld(world: DoctorWorld = {}): nock.Scope {
  const scope = checkContracts(nock("https://api.github.com"));
  scope
    .get(REPO)
    .reply(200, { id: 9001, name: "launchpad", full_name: "octo-org/launchpad", default_branch: "main" });
  scope
    .get(`${REPO}/contents/.github%2Fflightdeck.yml`)
    .query({ ref: "main" })
    .reply(200, {
      type: "file",
      encoding: "base64",
      content: Buffer.from(world.config ?? CONFIG).toString("base64"),
    });
  if (world.ledger)
    scope
      .get(`${REPO}/issues`)
      .query({ labels: "flightdeck: spend", state: "all", per_page: "100" })
      .reply(200, []);
  scope
    .get(`${REPO}/labels`)
    .query({ per_page: "100" })
    .reply(
      200,
      (world.labels ?? ["epic", "release-checklist", "P0 bug"]).map((name, i) => ({
        id: i + 1,
        name,
        color: "ededed",
      })),
    );
  scope
    .get(`${REPO}/rules/branches/main`)
    .query({ per_page: "100" })
    .reply(200, [
      {
        type: "deletion",
        ruleset_source_type: "Repository",
        ruleset_source: "octo-org/launchpad",
        ruleset_id: 1,
      },
      {
        type: "required_status_checks",
        ruleset_source_type: "Repository",
        ruleset_source: "octo-org/launchpad",
        ruleset_id: 1,
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: world.rulesets ?? [
            { context: "Flightdeck Go/No-Go", integration_id: DOCTOR_APP_ID },
          ],
        },
      },
    ]);
  scope.get(`${REPO}/branches/main`).reply(200, {
    name: "main",
    commit: { sha: "a".repeat(40) },
    protected: Boolean(world.protection),
    ...(world.protection ? { protection: world.protection } : {}),
  });
  const env = world.environment ?? { reviewers: ["rita"], ruleApps: [DOCTOR_APP_ID] };
  if (env === "missing") scope.get(`${REPO}/environments/production`).reply(404, { message: "Not Found" });
  else {
    scope.get(`${REPO}/environments/production`).reply(200, {
      id: 1,
      name: "production",
      protection_rules: [
        {
          id: 1,
          type: "required_reviewers",
          reviewers: env.reviewers.map((login) => ({ type: "User", reviewer: { login } })),
        },
      ],
    });
    scope.get(`${REPO}/environments/production/deployment_protection_rules`).reply(200, {
      total_count: env.ruleApps.length,
      custom_deployment_protection_rules: env.ruleApps.map((id) => ({
        id,
        node_id: `CDPR_${id}`,
        enabled: true,
        app: {
          id,
          slug: id === DOCTOR_APP_ID ? "flightdeck" : `app-${id}`,
          integration_url: "",
          node_id: `A_${id}`,
        },
      })),
    });
  }
  scope
    .get(`${REPO}/actions/workflows`)
    .query({ per_page: "100" })
    .reply(200, {
      total_count: 2,
      workflows: [
        { id: 11, name: "Lint", path: ".github/workflows/lint.yml", state: "active" },
        { id: 12, name: "QA", path: ".github/workflows/qa.yml", state: "active" },
      ],
    });
  const file = (text: string) => ({
    type: "file",
    encoding: "base64",
    content: Buffer.from(text).toString("base64"),
  });
  scope
    .get(`${REPO}/contents/.github%2Fworkflows%2Flint.yml`)
    .query({ ref: "main" })
    .reply(200, file("jobs:\n  lint:\n    steps:\n      - run: npm run lint\n"));
  scope
    .get(`${REPO}/contents/.github%2Fworkflows%2Fqa.yml`)
    .query({ ref: "main" })
    .reply(200, file("jobs:\n  qa:\n    steps:\n      - uses: your-org/flightdeck/actions/qa@v1\n"));
  const runAt = world.qaRunAt === undefined ? "2026-12-05T10:00:00Z" : world.qaRunAt;
  scope
    .get(`${REPO}/actions/workflows/qa.yml/runs`)
    .query({ branch: "main", per_page: "1" })
    .reply(200, {
      total_count: runAt ? 1 : 0,
      workflow_runs: runAt
        ? [
            {
              id: 77,
              status: "completed",
              conclusion: "success",
              created_at: runAt,
              html_url: "https://github.com/octo-org/launchpad/actions/runs/77",
            },
          ]
        : [],
    });
  if (world.app) {
    scope.get(`${REPO}/installation`).reply(200, {
      id: 5,
      app_id: DOCTOR_APP_ID,
      permissions: world.app.permissions,
      events: world.app.events,
    });
    const failed = world.app.failedDeliveries ?? 0;
    scope
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(
        200,
        [
          ...Array.from({ length: failed }, (_, i) => ({
            id: i + 1,
            guid: `g${i}`,
            status_code: 503,
            status: "Service Unavailable",
            event: "issues",
            action: "labeled",
            repository_id: 9001,
            delivered_at: "2026-12-06T08:00:00Z",
          })),
          {
            id: 90,
            guid: "ok",
            status_code: 202,
            status: "OK",
            event: "issue_comment",
            action: "created",
            repository_id: 9001,
            delivered_at: "2026-12-06T08:30:00Z",
          },
          {
            id: 91,
            guid: "other",
            status_code: 500,
            status: "Error",
            event: "issues",
            action: "opened",
            repository_id: 1,
            delivered_at: "2026-12-06T08:30:00Z",
          },
        ].map((d) => ({ ...d, redelivery: false, duration: 0.1, installation_id: 5 })),
      );
  }
  return scope;
}

/** The permissions and events app.yml grants. */
export const FULL_INSTALLATION = {
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
    "sub_issues",
    "issue_dependencies",
    "pull_request",
    "pull_request_review",
    "check_run",
    "check_suite",
    "deployment_protection_rule",
    "merge_group",
  ],
};
