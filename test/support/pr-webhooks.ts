import { person, realPayload, repoPayload, WORLD } from "./webhooks.js";

/** A pull request of the test repository. */
export interface PrShape {
  number: number;
  headSha: string;
  author: string;
  /** From a fork: GitHub leaves `check_run.pull_requests` empty for these. */
  fork?: boolean;
}

function pullRequest(p: Record<string, any>, pr: PrShape) {
  p.pull_request.number = pr.number;
  p.pull_request.state = "open";
  p.pull_request.head.sha = pr.headSha;
  p.pull_request.user = person(p.pull_request.user, pr.author);
  p.pull_request.html_url = `https://github.com/${WORLD.owner}/${WORLD.repo}/pull/${pr.number}`;
  if (pr.fork && p.pull_request.head.repo) p.pull_request.head.repo.full_name = `${pr.author}/${WORLD.repo}`;
}

/** `pull_request.<action>` from a real payload; `before` for synchronize. */
export function prEvent(
  action: "opened" | "synchronize" | "reopened",
  pr: PrShape,
  sender: string,
  before?: string,
) {
  const p = realPayload("pull_request", action);
  repoPayload(p);
  pullRequest(p, pr);
  p.number = pr.number;
  if (before) p.before = before;
  if (action === "synchronize") p.after = pr.headSha;
  p.sender = person(p.sender, sender);
  return p;
}

/** `pull_request_review.submitted` by `reviewer` on `commitId`. */
export function reviewSubmitted(
  pr: PrShape,
  reviewer: string,
  state: "approved" | "changes_requested",
  commitId: string,
) {
  const p = realPayload("pull_request_review", "submitted");
  repoPayload(p);
  pullRequest(p, pr);
  p.review.user = person(p.review.user, reviewer);
  p.review.state = state;
  p.review.commit_id = commitId;
  p.sender = person(p.sender, reviewer);
  return p;
}

/** `check_run.<action>` for a check run named `name` on `headSha`. */
export function checkRunEvent(
  action: "completed" | "requested_action",
  name: string,
  pr: PrShape,
  identifier?: string,
) {
  const p = realPayload("check_run", action);
  repoPayload(p);
  p.check_run.name = name;
  p.check_run.head_sha = pr.headSha;
  p.check_run.pull_requests = pr.fork
    ? []
    : [
        {
          ...(p.check_run.pull_requests[0] ?? {}),
          number: pr.number,
          head: { ...(p.check_run.pull_requests[0]?.head ?? {}), sha: pr.headSha },
        },
      ];
  if (identifier) p.requested_action = { identifier };
  return p;
}

/** `issue_comment.created` on a pull request. */
export function prComment(pr: PrShape, body: string, sender: string, createdAt = "2026-11-20T12:00:00Z") {
  const p = realPayload("issue_comment", "created");
  repoPayload(p);
  p.issue.number = pr.number;
  p.issue.state = "open";
  p.issue.pull_request = {
    url: `https://api.github.com/repos/${WORLD.owner}/${WORLD.repo}/pulls/${pr.number}`,
    html_url: `https://github.com/${WORLD.owner}/${WORLD.repo}/pull/${pr.number}`,
    diff_url: `https://github.com/${WORLD.owner}/${WORLD.repo}/pull/${pr.number}.diff`,
    patch_url: `https://github.com/${WORLD.owner}/${WORLD.repo}/pull/${pr.number}.patch`,
    merged_at: null,
  };
  p.comment.body = body;
  p.comment.created_at = createdAt;
  p.comment.updated_at = createdAt;
  p.comment.user = person(p.comment.user, sender);
  p.sender = person(p.sender, sender);
  return p;
}

/**
 * `deployment_protection_rule.requested` — no real example exists in @octokit/webhooks-examples,
 * so this is written by hand and validated against @octokit/openapi-webhooks in the tests.
 */
export function protectionRuleRequested(environment: string, sha: string, runId: number) {
  const base = realPayload("issues", "labeled");
  repoPayload(base);
  const now = "2026-11-20T10:00:00Z";
  return {
    action: "requested",
    environment,
    event: "push",
    deployment_callback_url: `https://api.github.com/repos/${WORLD.owner}/${WORLD.repo}/actions/runs/${runId}/deployment_protection_rule`,
    deployment: {
      url: `https://api.github.com/repos/${WORLD.owner}/${WORLD.repo}/deployments/1`,
      id: 1,
      node_id: "DE_1",
      task: "deploy",
      original_environment: environment,
      environment,
      description: null,
      created_at: now,
      updated_at: now,
      statuses_url: `https://api.github.com/repos/${WORLD.owner}/${WORLD.repo}/deployments/1/statuses`,
      repository_url: `https://api.github.com/repos/${WORLD.owner}/${WORLD.repo}`,
      creator: base.sender,
      sha,
      ref: "main",
      payload: {},
      transient_environment: false,
      production_environment: environment === "production",
      performed_via_github_app: null,
    },
    pull_requests: [],
    repository: base.repository,
    installation: { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    sender: base.sender,
  };
}
