import type { FakeIssue } from "./fake-github.js";
import { APP_ID, BOT } from "./fake-github.js";
import { realPayload, WORLD, webhookProblems } from "./webhooks.js";

/**
 * Payloads of the events Mission Control listens to, each checked against GitHub's webhook
 * schema (@octokit/openapi-webhooks) before use — @octokit/webhooks-examples has none for
 * `issues.closed`, `sub_issues` or `issue_dependencies`, so they are built from real issue and
 * repository objects and validated.
 */

const API = "https://api.github.com";

function valid<T extends Record<string, any>>(event: string, action: string, p: T): T {
  const problems = webhookProblems(event, action, p);
  if (problems.length)
    throw new Error(`${event}.${action} payload is not schema-valid: ${problems.join("; ")}`);
  return p;
}

function person(base: Record<string, any>, login: string) {
  const type = login.endsWith("[bot]") ? "Bot" : "User";
  return { ...base, login, type, id: login.length * 1000 + 7, node_id: `U_${login}` };
}

function retarget(p: Record<string, any>) {
  p.repository.name = WORLD.repo;
  p.repository.full_name = `${WORLD.owner}/${WORLD.repo}`;
  p.repository.owner.login = WORLD.owner;
  p.repository.default_branch = "main";
  p.repository.url = `${API}/repos/${WORLD.owner}/${WORLD.repo}`;
}

/** Flightdeck's App as GitHub names it on objects it created. */
function thisApp(owner: Record<string, any>) {
  return {
    id: APP_ID,
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
    events: ["issues"],
  };
}

/** The webhook issue object of a fake issue (Flightdeck's own when the fake says the bot wrote it). */
function issueObject(base: Record<string, any>, issue: FakeIssue, owner: Record<string, any>) {
  const open = issue.state === "OPEN";
  const o: Record<string, any> = {
    ...base,
    number: issue.number,
    id: issue.databaseId,
    node_id: issue.id,
    title: issue.title,
    body: issue.body,
    state: open ? "open" : "closed",
    closed_at: open ? null : (issue.closedAt ?? "2025-01-06T10:00:00Z"),
    updated_at: issue.lastEditedAt ?? issue.closedAt ?? "2025-01-06T10:00:00Z",
    url: `${API}/repos/${WORLD.owner}/${WORLD.repo}/issues/${issue.number}`,
    repository_url: `${API}/repos/${WORLD.owner}/${WORLD.repo}`,
    html_url: `https://github.com/${WORLD.owner}/${WORLD.repo}/issues/${issue.number}`,
    user: person(base.user, issue.author),
    assignees: issue.assignees.map((a) => person(base.user, a)),
    assignee: issue.assignees[0] ? person(base.user, issue.assignees[0]) : null,
    labels: [],
    performed_via_github_app: issue.author === BOT ? thisApp(owner) : null,
  };
  delete o.pull_request;
  return o;
}

/** `issues.closed` / `issues.reopened` / `issues.assigned` of a fake issue, sent by `sender`. */
export function issueEvent(action: "closed" | "reopened" | "assigned", issue: FakeIssue, sender: string) {
  const p = realPayload("issues", action === "closed" ? "reopened" : action);
  retarget(p);
  p.action = action;
  p.issue = issueObject(p.issue, issue, p.repository.owner);
  if (action === "assigned") p.assignee = p.issue.assignee ?? person(p.sender, sender);
  p.sender = person(p.sender, sender);
  return valid("issues", action, p);
}

/** `issues.edited` of the body of a fake issue by `sender`: `from` is the body before. */
export function issueEdited(issue: FakeIssue, from: string, sender: string) {
  const p = realPayload("issues", "edited");
  retarget(p);
  p.issue = issueObject(p.issue, issue, p.repository.owner);
  p.changes = { body: { from } };
  p.sender = person(p.sender, sender);
  return valid("issues", "edited", p);
}

/** A REST issue (`components/schemas/issue`) for sub_issues / issue_dependencies payloads. */
function restIssue(issue: FakeIssue) {
  const p = realPayload("issues", "opened");
  retarget(p);
  const o = issueObject(p.issue, issue, p.repository.owner);
  o.state_reason = issue.state === "CLOSED" ? "completed" : null;
  if (issue.parent !== undefined)
    o.parent_issue_url = `${API}/repos/${WORLD.owner}/${WORLD.repo}/issues/${issue.parent}`;
  return {
    issue: o,
    repository: p.repository,
    installation: p.installation ?? { id: 1, node_id: "MDIz" },
    sender: p.sender,
  };
}

/** A REST repository (`components/schemas/repository`) of the test repository. */
function restRepository(base: Record<string, any>) {
  return {
    ...base,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    license: base.license ?? null,
    topics: base.topics ?? [],
    visibility: base.visibility ?? "public",
  };
}

/** `sub_issues.<action>`: `child` added to or removed from `parent` by `sender`. */
export function subIssueEvent(
  action: "sub_issue_added" | "sub_issue_removed" | "parent_issue_added" | "parent_issue_removed",
  parent: FakeIssue,
  child: FakeIssue,
  sender: string,
) {
  const c = restIssue(child);
  const par = restIssue(parent);
  const repo = restRepository(c.repository);
  const p: Record<string, any> = {
    action,
    sub_issue_id: child.databaseId,
    sub_issue: c.issue,
    parent_issue_id: parent.databaseId,
    parent_issue: par.issue,
    repository: c.repository,
    organization: orgOf(c.repository),
    installation: { id: 1, node_id: "MDIz" },
    sender: person(c.sender, sender),
  };
  if (action.startsWith("sub_issue")) p.sub_issue_repo = repo;
  else p.parent_issue_repo = repo;
  return valid("sub_issues", action, p);
}

/** `issue_dependencies.<action>`: `blocked` is (no longer) blocked by `blocking`. */
export function dependencyEvent(
  action: "blocked_by_added" | "blocked_by_removed" | "blocking_added" | "blocking_removed",
  blocked: FakeIssue,
  blocking: FakeIssue,
  sender: string,
) {
  const a = restIssue(blocked);
  const b = restIssue(blocking);
  const repo = restRepository(a.repository);
  const p: Record<string, any> = {
    action,
    blocked_issue_id: blocked.databaseId,
    blocked_issue: a.issue,
    blocking_issue_id: blocking.databaseId,
    blocking_issue: b.issue,
    repository: a.repository,
    organization: orgOf(a.repository),
    installation: { id: 1, node_id: "MDIz" },
    sender: person(a.sender, sender),
  };
  if (action.startsWith("blocked_by")) p.blocking_issue_repo = repo;
  else p.blocked_issue_repo = repo;
  return valid("issue_dependencies", action, p);
}

function orgOf(repo: Record<string, any>) {
  const login = repo.owner.login;
  return {
    login,
    id: 9919,
    node_id: "O_octo",
    url: `${API}/orgs/${login}`,
    repos_url: `${API}/orgs/${login}/repos`,
    events_url: `${API}/orgs/${login}/events`,
    hooks_url: `${API}/orgs/${login}/hooks`,
    issues_url: `${API}/orgs/${login}/issues`,
    members_url: `${API}/orgs/${login}/members{/member}`,
    public_members_url: `${API}/orgs/${login}/public_members{/member}`,
    avatar_url: "https://avatars.githubusercontent.com/u/9919?v=4",
    description: null,
  };
}

/** `check_run.rerequested` (GitHub's "Re-run") of a check run named `name` by the App `appId`. */
export function checkRunRerequested(name: string, headSha: string, appId: number, pull?: number) {
  // The examples' rerequested payloads predate today's schema: a completed run, re-requested.
  const p = realPayload("check_run", "completed");
  retarget(p);
  p.action = "rerequested";
  p.check_run.name = name;
  p.check_run.head_sha = headSha;
  p.check_run.app = { ...p.check_run.app, id: appId };
  p.check_run.pull_requests = pull
    ? [
        {
          ...(p.check_run.pull_requests[0] ?? {}),
          number: pull,
          head: { ...(p.check_run.pull_requests[0]?.head ?? {}), sha: headSha },
        },
      ]
    : [];
  return valid("check_run", "rerequested", p);
}

/** `check_suite.rerequested` ("Re-run all checks") of the App `appId`'s suite on `headSha`. */
export function checkSuiteRerequested(headSha: string, appId: number, pull?: number) {
  const p = realPayload("check_suite", "rerequested");
  retarget(p);
  p.check_suite.head_sha = headSha;
  p.check_suite.app = { ...p.check_suite.app, id: appId };
  const template = p.check_suite.pull_requests[0];
  p.check_suite.pull_requests =
    pull && template ? [{ ...template, number: pull, head: { ...template.head, sha: headSha } }] : [];
  return valid("check_suite", "rerequested", p);
}
