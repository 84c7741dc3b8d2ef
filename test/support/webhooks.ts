import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
type Example = { name: string; examples: Array<Record<string, unknown> & { action?: string }> };
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

/**
 * A real webhook payload from @octokit/webhooks-examples (deep copy), by event and action: the
 * first example that is valid against GitHub's current webhook schema (some are older), after
 * `repair` (e.g. `emptyHomepage`) when given.
 */
export function realPayload(
  event: string,
  action: string,
  repair?: (p: Record<string, any>) => void,
): Record<string, any> {
  const candidates = (
    examples.find((e) => e.name === event)?.examples.filter((x) => x.action === action) ?? []
  ).map((x) => {
    const p = modernize(structuredClone(x) as Record<string, any>);
    repair?.(p);
    return p;
  });
  const found = candidates.find((x) => webhookProblems(event, action, x).length === 0);
  if (!found) throw new Error(`no schema-valid example payload for ${event}.${action}`);
  return found;
}

/**
 * Adds the repository fields GitHub introduced after some examples were recorded
 * (`has_discussions`, `topics`, `visibility`) and the pull-request fields older examples lack,
 * with their documented defaults. Each result is still validated against the current schema.
 */
function modernize(p: Record<string, any>): Record<string, any> {
  const repos = [p.repository, p.pull_request?.base?.repo, p.pull_request?.head?.repo].filter(Boolean);
  for (const r of repos) {
    r.has_discussions ??= false;
    r.topics ??= [];
    r.visibility ??= r.private ? "private" : "public";
  }
  if (p.pull_request) {
    p.pull_request.draft ??= false;
    p.pull_request.auto_merge ??= null;
    p.pull_request.active_lock_reason ??= null;
  }
  return p;
}

/** A repair for realPayload: some examples carry `homepage: ""`, which the schema's `uri` format refuses. */
export function emptyHomepage(p: Record<string, any>): void {
  if (p.repository?.homepage === "") p.repository.homepage = null;
}

let validators: Map<string, (payload: unknown) => string[]> | undefined;

/**
 * Validates a payload against GitHub's webhook schema (@octokit/openapi-webhooks, OpenAPI 3.1
 * = JSON Schema 2020-12). @returns the problems, empty when valid
 */
export function webhookProblems(event: string, action: string, payload: unknown): string[] {
  validators ??= new Map();
  const key = `${event}-${action}`.replace(/_/g, "-");
  let validate = validators.get(key);
  if (!validate) {
    const doc = require("@octokit/openapi-webhooks/generated/api.github.com.json");
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: "webhooks", components: doc.components }, "webhooks");
    const check = ajv.compile({ $ref: `webhooks#/components/schemas/webhook-${key}` });
    validate = (p) => (check(p) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
    validators.set(key, validate);
  }
  return validate(payload);
}

/**
 * The installation test deliveries come from: the `installation` field GitHub adds to an App's
 * webhook payloads (id and GraphQL node id).
 */
export const INSTALLATION = { id: 7, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNw==" };

/** Test-world actors and repository. */
export const WORLD = {
  owner: "octo-org",
  repo: "launchpad",
  maintainer: "mona",
  outsider: "randomuser",
  bot: "flightdeck[bot]",
};

/** A webhook user object for `login`, from a real one (`base`): `name[bot]` is a Bot. */
export function person(base: Record<string, any>, login: string) {
  const type = login.endsWith("[bot]") ? "Bot" : "User";
  return { ...base, login, type, id: login.length * 1000 + 7, node_id: `U_${login}` };
}

/** Flightdeck's App (id 4242) as GitHub names it on objects it wrote (`performed_via_github_app`). */
export function thisAppObject(owner: Record<string, any>, events: string[]) {
  return {
    id: 4242,
    slug: "flightdeck",
    node_id: "A_flightdeck",
    owner,
    name: "Flightdeck",
    description: null,
    external_url: "https://example.com",
    html_url: "https://github.com/apps/flightdeck",
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    permissions: { issues: "write" },
    events,
  };
}

/** Points a real payload's `repository` at the test repository (WORLD, default branch `main`). */
export function repoPayload<T extends Record<string, any>>(p: T): T {
  p.repository.name = WORLD.repo;
  p.repository.full_name = `${WORLD.owner}/${WORLD.repo}`;
  p.repository.owner.login = WORLD.owner;
  p.repository.default_branch = "main";
  p.repository.url = `https://api.github.com/repos/${WORLD.owner}/${WORLD.repo}`;
  return p;
}

/**
 * Checks a payload against GitHub's webhook schema. @returns the payload
 * @throws Error naming every problem, so a test never runs on a payload GitHub would not send
 */
export function validPayload<T>(event: string, action: string, p: T): T {
  const problems = webhookProblems(event, action, p);
  if (problems.length)
    throw new Error(`${event}.${action} payload is not schema-valid: ${problems.join("; ")}`);
  return p;
}

/** `issues.labeled` from a real payload, retargeted at an issue of the test repository. */
export function issuesLabeled(
  issue: { number: number; body: string; labels?: string[]; title?: string },
  label: string,
  sender: string,
) {
  const p = realPayload("issues", "labeled");
  repoPayload(p);
  p.issue.number = issue.number;
  p.issue.body = issue.body;
  if (issue.title !== undefined) p.issue.title = issue.title;
  p.issue.pull_request = undefined;
  const labelTemplate = p.label ?? p.issue.labels[0];
  p.label = { ...labelTemplate, name: label };
  p.issue.labels = [...(issue.labels ?? []), label].map((name) => ({ ...labelTemplate, name }));
  p.sender = person(p.sender, sender);
  return p;
}

type IssueShape = { number: number; body: string; labels: string[] };

/** A real issue_comment payload retargeted at an issue of the test repository. */
function commentPayload(action: "created" | "edited", issue: IssueShape, commentId: number, body: string) {
  const p = realPayload("issue_comment", action);
  repoPayload(p);
  delete p.issue.pull_request;
  p.issue.number = issue.number;
  p.issue.body = issue.body;
  p.issue.labels = issue.labels.map((name) => ({ ...(p.issue.labels[0] ?? labelStub()), name }));
  p.comment.id = commentId;
  p.comment.body = body;
  return p;
}

/** `issue_comment.created` from a real payload: `sender` comments `body` on an issue. */
export function commentCreated(issue: IssueShape, body: string, sender: string, commentId = 501) {
  const p = commentPayload("created", issue, commentId, body);
  p.comment.user = person(p.comment.user, sender);
  p.sender = person(p.sender, sender);
  return p;
}

/** `issue_comment.edited` of Flightdeck's own comment by `sender` (e.g. ticking a checkbox). */
export function commentEdited(issue: IssueShape, from: string, to: string, sender: string, commentId = 777) {
  const p = commentPayload("edited", issue, commentId, to);
  p.comment.user = person(p.comment.user, WORLD.bot);
  // Written through Flightdeck (App id 4242): what "Flightdeck's own comment" is checked against.
  p.comment.performed_via_github_app = thisAppObject(p.repository.owner, ["issue_comment"]);
  p.changes = { body: { from } };
  p.sender = person(p.sender, sender);
  return p;
}

function labelStub() {
  return {
    id: 1,
    node_id: "LA_1",
    url: "https://api.github.com/repos/o/r/labels/x",
    name: "x",
    color: "ededed",
    default: false,
    description: null,
  };
}
