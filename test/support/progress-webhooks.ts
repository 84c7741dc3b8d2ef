import type { FakeIssue } from "./fake-github.js";
import { BOT } from "./fake-github.js";
import { person, realPayload, repoPayload, thisAppObject, validPayload, WORLD } from "./webhooks.js";

/**
 * Payloads of the events Mission Control listens to, each checked against GitHub's webhook
 * schema (@octokit/openapi-webhooks) before use — @octokit/webhooks-examples has none for
 * `issues.closed`, `sub_issues` or `issue_dependencies`, so they are built from real issue and
 * repository objects and validated.
 */

const API = "https://api.github.com";

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
    performed_via_github_app: issue.author === BOT ? thisAppObject(owner, ["issues"]) : null,
  };
  delete o.pull_request;
  return o;
}

/** `issues.closed` / `issues.reopened` / `issues.assigned` of a fake issue, sent by `sender`. */
export function issueEvent(action: "closed" | "reopened" | "assigned", issue: FakeIssue, sender: string) {
  const p = realPayload("issues", action === "closed" ? "reopened" : action);
  repoPayload(p);
  p.action = action;
  p.issue = issueObject(p.issue, issue, p.repository.owner);
  if (action === "assigned") p.assignee = p.issue.assignee ?? person(p.sender, sender);
  p.sender = person(p.sender, sender);
  return validPayload("issues", action, p);
}

/** `issues.edited` of the body of a fake issue by `sender`: `from` is the body before. */
export function issueEdited(issue: FakeIssue, from: string, sender: string) {
  const p = realPayload("issues", "edited");
  repoPayload(p);
  p.issue = issueObject(p.issue, issue, p.repository.owner);
  p.changes = { body: { from } };
  p.sender = person(p.sender, sender);
  return validPayload("issues", "edited", p);
}

/** A REST issue (`components/schemas/issue`) for sub_issues / issue_dependencies payloads. */
function restIssue(issue: FakeIssue) {
  const p = realPayload("issues", "opened");
  repoPayload(p);
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

/**
 * An event about two issues (`sub_issues`, `issue_dependencies`): each named by its field and
 * its `<field>_id`, the repository of the other one under `repoField`.
 */
function issuePairEvent(
  event: string,
  action: string,
  [firstField, first]: [string, FakeIssue],
  [secondField, second]: [string, FakeIssue],
  repoField: string,
  sender: string,
) {
  const a = restIssue(first);
  const p: Record<string, any> = {
    action,
    [`${firstField}_id`]: first.databaseId,
    [firstField]: a.issue,
    [`${secondField}_id`]: second.databaseId,
    [secondField]: restIssue(second).issue,
    repository: a.repository,
    organization: orgOf(a.repository),
    installation: { id: 1, node_id: "MDIz" },
    sender: person(a.sender, sender),
    [repoField]: restRepository(a.repository),
  };
  return validPayload(event, action, p);
}

/** `sub_issues.<action>`: `child` added to or removed from `parent` by `sender`. */
export function subIssueEvent(
  action: "sub_issue_added" | "sub_issue_removed" | "parent_issue_added" | "parent_issue_removed",
  parent: FakeIssue,
  child: FakeIssue,
  sender: string,
) {
  const repoField = action.startsWith("sub_issue") ? "sub_issue_repo" : "parent_issue_repo";
  return issuePairEvent(
    "sub_issues",
    action,
    ["sub_issue", child],
    ["parent_issue", parent],
    repoField,
    sender,
  );
}

/** `issue_dependencies.<action>`: `blocked` is (no longer) blocked by `blocking`. */
export function dependencyEvent(
  action: "blocked_by_added" | "blocked_by_removed" | "blocking_added" | "blocking_removed",
  blocked: FakeIssue,
  blocking: FakeIssue,
  sender: string,
) {
  const repoField = action.startsWith("blocked_by") ? "blocking_issue_repo" : "blocked_issue_repo";
  return issuePairEvent(
    "issue_dependencies",
    action,
    ["blocked_issue", blocked],
    ["blocking_issue", blocking],
    repoField,
    sender,
  );
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
  repoPayload(p);
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
  return validPayload("check_run", "rerequested", p);
}

/** `check_suite.rerequested` ("Re-run all checks") of the App `appId`'s suite on `headSha`. */
export function checkSuiteRerequested(headSha: string, appId: number, pull?: number) {
  const p = realPayload("check_suite", "rerequested");
  repoPayload(p);
  p.check_suite.head_sha = headSha;
  p.check_suite.app = { ...p.check_suite.app, id: appId };
  const template = p.check_suite.pull_requests[0];
  p.check_suite.pull_requests =
    pull && template ? [{ ...template, number: pull, head: { ...template.head, sha: headSha } }] : [];
  return validPayload("check_suite", "rerequested", p);
}
