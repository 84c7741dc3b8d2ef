#!/usr/bin/env node
// Extracts the GitHub REST operations Flightdeck calls from GitHub's OpenAPI description
// (@octokit/openapi, ~385 MB: installed on the side, never a dependency) into a small committed
// fixture the tests check every REST request against.
//
// Usage: npm install --no-save --prefix /tmp/oapi @octokit/openapi
//        node scripts/extract-openapi.mjs /tmp/oapi/node_modules/@octokit/openapi
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const OPERATIONS = [
  "repos/get",
  "repos/compare-commits-with-basehead",
  "repos/create-deployment",
  "repos/create-deployment-status",
  "repos/get-collaborator-permission-level",
  "repos/list-collaborators",
  "repos/get-content",
  "issues/get",
  "issues/create",
  "issues/update",
  "issues/list-comments",
  "issues/create-comment",
  "issues/update-comment",
  "issues/create-label",
  "issues/add-sub-issue",
  "issues/add-blocked-by-dependency",
  "reactions/create-for-issue-comment",
  "pulls/get",
  "actions/review-custom-gates-for-run",
  "actions/list-workflow-runs-for-repo",
  "actions/get-pending-deployments-for-run",
  "issues/list-for-repo",
  "repos/list-pull-requests-associated-with-commit",
  "pulls/list-reviews",
  "checks/list-for-ref",
  "checks/create",
  "checks/update",
  // Read by the gate's evidence rules (issue 7 §1): the App's own id, workflow runs and changed files.
  "apps/get-authenticated",
  "actions/get-workflow-run",
  "checks/get-suite",
  "pulls/list-files",
  // Read by the deployment rule (issue 7 §4): a run's commit, environments' rules, the timer's repositories.
  "repos/get-all-deployment-protection-rules",
  "apps/list-repos-accessible-to-installation",
  "apps/list-installations",
  // Read by the launch report (issue 11 §5): deployment history, lead times, milestones, sub-issues.
  "repos/list-deployments",
  "repos/list-deployment-statuses",
  "repos/compare-commits-with-basehead",
  "issues/list-milestones",
  "issues/list-sub-issues",
  // Security evidence in the gates and the readiness report (issue 11 §2, §3): open alerts per
  // source, and the commit a release tag (or the default branch) points at.
  "code-scanning/list-alerts-for-repo",
  "dependabot/list-alerts-for-repo",
  "secret-scanning/list-alerts-for-repo",
  "repos/get-commit",
  // Security alerts changed: the open pull requests whose gates are evaluated again.
  "pulls/list",
  // Read by the pre-flight doctor (issue 10 §6): labels, the installation, branch rules and
  // protection, environments, workflows and their runs, the App's webhook deliveries.
  "issues/list-labels-for-repo",
  "apps/get-repo-installation",
  "repos/get-branch-rules",
  "repos/get-branch",
  "repos/get-environment",
  "actions/list-repo-workflows",
  "actions/list-workflow-runs",
  "apps/list-webhook-deliveries",
  // The CLI acting as the App (APP_ID + PRIVATE_KEY): an installation token to write the ledger.
  "apps/create-installation-access-token",
];

const pkg = process.argv[2];
if (!pkg) {
  console.error("usage: node scripts/extract-openapi.mjs <path to @octokit/openapi>");
  process.exit(2);
}
const spec = JSON.parse(readFileSync(join(pkg, "generated", "api.github.com.deref.json"), "utf8"));
const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;

// Descriptions and examples are most of the size and none of the contract. Keys inside a
// `properties` map are field names, not keywords: a body field called `description` (labels,
// deployments, check-run actions) stays.
const DOCS = ["description", "examples", "example", "externalDocs", "x-github"];
const strip = (value, fieldNames = false) => {
  if (Array.isArray(value)) return value.map((v) => strip(v));
  if (value && typeof value === "object") {
    const out = {};
    const limit = !fieldNames && value.type === "string" && proseMaxLength(value.description);
    if (limit && value.maxLength === undefined) out.maxLength = limit;
    for (const [k, v] of Object.entries(value)) {
      if (!fieldNames && DOCS.includes(k)) continue;
      out[k] = strip(v, !fieldNames && k === "properties");
    }
    return out;
  }
  return value;
};

// Some string limits are stated only in prose ("The maximum size is 255 characters.", "The
// maximum description length is 140 characters.", "Must be 100 characters or fewer.").
function proseMaxLength(description) {
  const m =
    /maximum (?:size|description length) is (\d+) characters/i.exec(description ?? "") ??
    /must be (\d+) characters or fewer/i.exec(description ?? "");
  return m ? Number(m[1]) : undefined;
}

// GitHub states page-size limits only in prose ("The number of results per page (max 100).");
// the limit becomes the schema's `maximum` so per_page=101 is a contract violation.
const parameterSchema = (p) => {
  const max = /\(max (\d+)\)/.exec(p.description ?? "")?.[1];
  return max && p.schema?.type === "integer" ? { ...p.schema, maximum: Number(max) } : p.schema;
};

const operations = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!OPERATIONS.includes(op?.operationId)) continue;
    operations[op.operationId] = {
      method: method.toUpperCase(),
      path,
      parameters: strip(
        (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: parameterSchema(p),
        })),
      ),
      requestBody: op.requestBody ? strip(op.requestBody.content["application/json"]?.schema ?? null) : null,
      requestBodyRequired: !!op.requestBody?.required,
    };
  }
}
const missing = OPERATIONS.filter((id) => !operations[id]);
if (missing.length) {
  console.error(`not in the OpenAPI description: ${missing.join(", ")}`);
  process.exit(1);
}
const out = new URL("../test/fixtures/github/rest-operations.json", import.meta.url);
writeFileSync(
  out,
  `${JSON.stringify({ source: `@octokit/openapi@${version} api.github.com.deref.json`, operations }, null, 1)}\n`,
);
console.log(`wrote ${Object.keys(operations).length} operations from @octokit/openapi@${version}`);
