import {
  APP_ID,
  BOT,
  type FakeCheckRun,
  type FakeComment,
  type FakeGitHub,
  type FakeIssue,
  type FakePull,
  GITHUB_ACTIONS_APP,
} from "./fake-github.js";
import { HISTORY_ROUTES, recordedComparison } from "./fake-github-history.js";
import { REF_ROUTES } from "./fake-github-refs.js";
import { SECURITY_ROUTES } from "./fake-github-security.js";

const checkRunJson = (r: FakeCheckRun) => ({
  id: r.id,
  name: r.name,
  app: { id: (r.app ?? GITHUB_ACTIONS_APP).id, slug: (r.app ?? GITHUB_ACTIONS_APP).slug },
  check_suite: r.suiteId === undefined ? null : { id: r.suiteId },
  head_sha: r.headSha,
  status: r.status,
  conclusion: r.conclusion,
  completed_at: r.completedAt,
  details_url: r.detailsUrl ?? null,
  html_url: `https://github.com/octo-org/launchpad/runs/${r.id}`,
  output: { ...r.output, annotations_count: 0 },
});

const workflowRunJson = (r: FakeGitHub["waitingRuns"][number]) => ({
  id: r.id,
  head_sha: r.headSha,
  created_at: r.createdAt,
  status: "waiting",
  actor: { login: r.actor ?? "octocat", type: "User" },
  triggering_actor: { login: r.actor ?? "octocat", type: "User" },
});

/** One REST endpoint of the fake: method, path pattern below /repos/{owner}/{repo}, handler. */
export interface RestRoute {
  method: string;
  pattern: RegExp;
  handle(
    fake: FakeGitHub,
    match: RegExpExecArray,
    url: URL,
    json: Record<string, unknown>,
  ): [number, unknown] | [number, unknown, Record<string, string>];
}

/**
 * One page of a REST list as GitHub pages it: `per_page` (default 30, at most 100) and `page`,
 * with a `Link` header naming the next and last pages.
 */
export function paged<T>(url: URL, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30) || 30);
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const u = new URL(url.toString());
    u.searchParams.set("page", String(n));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

/** Sub-issue and dependency endpoints take the issue's REST `id`, never its number. */
const byDatabaseId = (fake: FakeGitHub, id: unknown) =>
  [...fake.issues.values()].find((i) => i.databaseId === Number(id));

/** A user object as REST responses carry it (`type` tells bots from people). */
export const userJson = (login: string) => ({
  login,
  id: 5_000_000 + [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7),
  node_id: `U_${login}`,
  type: login.endsWith("[bot]") ? "Bot" : "User",
});

/** `performed_via_github_app` of what a login wrote: Flightdeck's bot, another App's bot, or a person. */
const viaApp = (login: string) =>
  login === BOT
    ? { id: APP_ID, slug: "flightdeck" }
    : login.endsWith("[bot]")
      ? { id: 15368, slug: "github-actions" }
      : null;

/** An issue as GET/POST /repos/{o}/{r}/issues… return it; pull requests carry `pull_request`. */
export function issueJson(fake: FakeGitHub, issue: FakeIssue) {
  const html = `https://github.com/${fake.owner}/${fake.name}`;
  const isPull = fake.pulls.has(issue.number);
  return {
    id: issue.databaseId,
    node_id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state.toLowerCase(),
    user: userJson(issue.author),
    labels: issue.labels.map((name) => ({
      id: 7_000 + name.length,
      node_id: `LA_${name}`,
      name,
      color: "ededed",
    })),
    assignees: issue.assignees.map(userJson),
    html_url: `${html}/${isPull ? "pull" : "issues"}/${issue.number}`,
    performed_via_github_app: viaApp(issue.author),
    created_at: issue.createdAt ?? "2026-11-01T09:00:00Z",
    closed_at: issue.state === "CLOSED" ? (issue.closedAt ?? "2026-11-02T09:00:00Z") : null,
    milestone: issue.milestone === undefined ? null : { number: issue.milestone },
    ...(isPull
      ? {
          pull_request: {
            url: `https://api.github.com/repos/${fake.owner}/${fake.name}/pulls/${issue.number}`,
          },
        }
      : {}),
  };
}

/** An issue comment as the comment endpoints return it. */
const commentJson = (fake: FakeGitHub, c: FakeComment) => ({
  id: c.databaseId,
  node_id: c.id,
  body: c.body,
  user: userJson(c.author),
  // GitHub names the App a comment was written through; only Flightdeck's are ours.
  performed_via_github_app: viaApp(c.author),
  html_url: `https://github.com/${fake.owner}/${fake.name}/issues/${c.issue}#issuecomment-${c.databaseId}`,
});

/** A pull request as GET /pulls/{n} and /commits/{sha}/pulls return it. */
function pullJson(fake: FakeGitHub, pr: FakePull) {
  const issue = fake.issues.get(pr.number);
  return {
    id: 4_200_000_000 + pr.number * 977,
    node_id: `PR_kwDOrepo${pr.number.toString(36)}`,
    number: pr.number,
    state: pr.state,
    title: issue?.title ?? "",
    user: userJson(pr.author),
    head: { sha: pr.headSha, ref: `topic-${pr.number}` },
    base: { ref: fake.defaultBranch },
    merged_at: pr.mergeSha ? "2025-01-05T12:00:00Z" : null,
    merge_commit_sha: pr.mergeSha ?? null,
    html_url: `https://github.com/${fake.owner}/${fake.name}/pull/${pr.number}`,
  };
}

/** The REST endpoints Flightdeck (and the naive benchmark baseline) call, as GitHub answers them. */
export const REST_ROUTES: RestRoute[] = [
  ...HISTORY_ROUTES,
  ...SECURITY_ROUTES,
  {
    method: "GET",
    pattern: /^\/compare\/([^.]+)\.\.\.([0-9a-f]{40})$/,
    handle(fake, m) {
      const head = m[2] as string;
      const recorded = fake.comparisons.get(`${m[1]}...${head}`);
      if (recorded) return [200, recordedComparison(recorded)];
      const onDefault =
        fake.defaultBranchCommits.has(head) || [...fake.pulls.values()].some((p) => p.mergeSha === head);
      return [
        200,
        {
          status: onDefault ? "behind" : "diverged",
          ahead_by: onDefault ? 0 : 1,
          behind_by: onDefault ? 1 : 1,
          total_commits: onDefault ? 0 : 1,
          commits: [],
        },
      ];
    },
  },
  {
    method: "POST",
    pattern: /^\/actions\/runs\/(\d+)\/deployment_protection_rule$/,
    handle(fake, m, _url, json) {
      const decided = fake.ruleAnswers.some(
        (a) => a.runId === Number(m[1]) && a.environment === json.environment_name && a.state,
      );
      if (decided) return [422, { message: "This deployment protection rule has already been reviewed." }];
      fake.ruleAnswers.push({
        runId: Number(m[1]),
        environment: String(json.environment_name),
        ...(json.state ? { state: String(json.state) } : {}),
        comment: String(json.comment ?? ""),
      });
      return [204, null];
    },
  },
  {
    method: "GET",
    pattern: /^\/actions\/runs$/,
    handle(fake, _m, url) {
      const all = url.searchParams.get("status") === "waiting" ? fake.waitingRuns : [];
      // Pages as GitHub does (per_page ≤ 100, 1-based page).
      const per = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
      const page = Number(url.searchParams.get("page") ?? 1);
      const runs = all.slice((page - 1) * per, page * per);
      const next = new URL(url);
      next.searchParams.set("page", String(page + 1));
      return [
        200,
        { total_count: all.length, workflow_runs: runs.map((r) => workflowRunJson(r)) },
        page * per < all.length ? { link: `<${next.href}>; rel="next"` } : {},
      ] as [number, unknown, Record<string, string>];
    },
  },
  {
    method: "GET",
    pattern: /^\/actions\/runs\/(\d+)$/,
    handle(fake, m) {
      const run = fake.waitingRuns.find((r) => r.id === Number(m[1]));
      return run ? [200, workflowRunJson(run)] : [404, { message: "Not Found" }];
    },
  },
  {
    method: "GET",
    pattern: /^\/environments\/([^/]+)\/deployment_protection_rules$/,
    handle(fake, m) {
      const ids = fake.environmentRules.get(decodeURIComponent(m[1] as string)) ?? [APP_ID];
      return [
        200,
        {
          total_count: ids.length,
          custom_deployment_protection_rules: ids.map((id, i) => ({
            id: i + 1,
            node_id: `CDPR_${i + 1}`,
            enabled: true,
            app: {
              id,
              slug: id === APP_ID ? "flightdeck" : `app-${id}`,
              integration_url: "",
              node_id: `A_${id}`,
            },
          })),
        },
      ];
    },
  },
  {
    method: "GET",
    pattern: /^\/actions\/runs\/(\d+)\/pending_deployments$/,
    handle(fake, m) {
      const run = fake.waitingRuns.find((r) => r.id === Number(m[1]));
      return [
        200,
        (run?.environments ?? []).map((name, i) => ({
          environment: { id: i + 1, name },
          wait_timer: 0,
          current_user_can_approve: false,
          reviewers: [],
        })),
      ];
    },
  },
  {
    method: "GET",
    pattern: /^\/issues$/,
    handle(fake, _m, url) {
      const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
      const state = (url.searchParams.get("state") ?? "open").toUpperCase();
      const milestone = url.searchParams.get("milestone");
      // GitHub lists pull requests here too (marked by `pull_request`).
      const issues = [...fake.issues.values()].filter(
        (i) =>
          (state === "ALL" || i.state === state) &&
          labels.every((l) => i.labels.includes(l)) &&
          (milestone === null || String(i.milestone) === milestone),
      );
      return [200, issues.map((i) => issueJson(fake, i))];
    },
  },
  {
    method: "POST",
    pattern: /^\/deployments$/,
    handle(fake, _m, _url, json) {
      const d = {
        id: 9000 + fake.deployments.length,
        environment: String(json.environment),
        ref: String(json.ref),
        statuses: [] as FakeGitHub["deployments"][number]["statuses"],
      };
      fake.deployments.push(d);
      return [201, { id: d.id, sha: d.ref, ref: d.ref, environment: d.environment }];
    },
  },
  {
    method: "POST",
    pattern: /^\/deployments\/(\d+)\/statuses$/,
    handle(fake, m, _url, json) {
      const d = fake.deployments.find((x) => x.id === Number(m[1]));
      if (!d) return [404, { message: "Not Found" }];
      d.statuses.push({
        state: String(json.state),
        ...(json.description ? { description: String(json.description) } : {}),
      });
      return [201, { id: d.statuses.length, state: json.state }];
    },
  },
  {
    method: "GET",
    pattern: /^\/collaborators$/,
    handle(fake, _m, url) {
      const rank = { read: 0, triage: 1, write: 2, maintain: 3, admin: 4 } as const;
      const min = url.searchParams.get("permission") === "push" ? 2 : 0;
      const people = [...fake.permissions].filter(([, role]) => rank[role] >= min);
      const { page, headers } = paged(
        url,
        people.map(([login, role]) => ({
          login,
          role_name: role,
          permissions: { push: rank[role] >= 2, admin: role === "admin" },
        })),
      );
      return [200, page, headers];
    },
  },
  {
    // GET /pulls?state=open&sort=updated&direction=desc: the fake's pull requests, newest number first.
    method: "GET",
    pattern: /^\/pulls$/,
    handle(fake, _m, url) {
      const state = url.searchParams.get("state") ?? "open";
      const pulls = [...fake.pulls.values()]
        .filter((p) => state === "all" || p.state === state)
        .sort((a, b) => b.number - a.number)
        .map((p) => pullJson(fake, p));
      const { page, headers } = paged(url, pulls);
      return [200, page, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)$/,
    handle(fake, m) {
      const pr = fake.pulls.get(Number(m[1]));
      if (!pr) return [404, { message: "Not Found" }];
      return [200, pullJson(fake, pr)];
    },
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)\/files$/,
    handle(fake, m, url) {
      const pr = fake.pulls.get(Number(m[1]));
      if (!pr) return [404, { message: "Not Found" }];
      const files = pr.files.map((filename) => ({
        sha: "0".repeat(40),
        filename,
        status: "modified",
        additions: 3,
        deletions: 1,
        changes: 4,
        blob_url: `https://github.com/${fake.owner}/${fake.name}/blob/${pr.headSha}/${filename}`,
        raw_url: `https://github.com/${fake.owner}/${fake.name}/raw/${pr.headSha}/${filename}`,
        contents_url: `https://api.github.com/repos/${fake.owner}/${fake.name}/contents/${filename}`,
      }));
      const { page, headers } = paged(url, files);
      return [200, page, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)\/reviews$/,
    handle(fake, m, url) {
      const all = fake.reviews
        .filter((r) => r.pull === Number(m[1]))
        .map((r) => ({
          id: r.id,
          user: { login: r.user },
          state: r.state,
          commit_id: r.commitId,
          submitted_at: r.submittedAt,
        }));
      const { page, headers } = paged(url, all);
      return [200, page, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/commits\/([0-9a-f]+)\/check-runs$/,
    handle(fake, m, url) {
      const runs = fake.checkRuns.filter((r) => r.headSha === m[1]).map(checkRunJson);
      const { page, headers } = paged(url, runs);
      return [200, { total_count: runs.length, check_runs: page }, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/commits\/([0-9a-f]+)\/pulls$/,
    handle(fake, m) {
      const pulls = [...fake.pulls.values()].filter((p) => p.headSha === m[1] || p.mergeSha === m[1]);
      return [200, pulls.map((p) => pullJson(fake, p))];
    },
  },
  {
    method: "POST",
    pattern: /^\/check-runs$/,
    handle(fake, _m, _url, json) {
      const output = (json.output ?? {}) as FakeCheckRun["output"];
      const run = fake.addCheckRun({
        app: fake.restApp,
        name: String(json.name),
        headSha: String(json.head_sha),
        status: String(json.status ?? "queued"),
        conclusion: (json.conclusion as string) ?? null,
        completedAt: (json.completed_at as string) ?? null,
        ...(json.details_url ? { detailsUrl: String(json.details_url) } : {}),
        output: { title: output.title ?? null, summary: output.summary ?? null, text: output.text ?? null },
        ...(json.actions ? { actions: json.actions as unknown[] } : {}),
        annotations: ((output as { annotations?: FakeCheckRun["annotations"] }).annotations ?? []).slice(),
      });
      return [201, checkRunJson(run)];
    },
  },
  {
    method: "PATCH",
    pattern: /^\/check-runs\/(\d+)$/,
    handle(fake, m, _url, json) {
      const run = fake.checkRuns.find((r) => r.id === Number(m[1]));
      if (!run) return [404, { message: "Not Found" }];
      // Check runs belong to the App that created them: no other App may update them.
      if ((run.app ?? GITHUB_ACTIONS_APP).id !== fake.restApp.id) {
        return [403, { message: "Resource not accessible by integration" }];
      }
      const output = (json.output ?? {}) as FakeCheckRun["output"];
      run.annotations = [
        ...(run.annotations ?? []),
        ...((output as { annotations?: FakeCheckRun["annotations"] }).annotations ?? []),
      ];
      Object.assign(run, {
        status: json.status ?? run.status,
        conclusion: json.conclusion ?? run.conclusion,
        completedAt: json.completed_at ?? run.completedAt,
        output: {
          title: output.title ?? run.output.title,
          summary: output.summary ?? run.output.summary,
          text: output.text ?? run.output.text,
        },
      });
      return [200, checkRunJson(run)];
    },
  },
  {
    method: "GET",
    pattern: /^$/,
    handle(fake) {
      return [
        200,
        {
          id: 1,
          node_id: fake.repoId,
          name: fake.name,
          full_name: `${fake.owner}/${fake.name}`,
          default_branch: fake.defaultBranch,
        },
      ];
    },
  },
  {
    method: "GET",
    pattern: /^\/collaborators\/([^/]+)\/permission$/,
    handle(fake, m) {
      const login = decodeURIComponent(m[1] as string);
      const role = fake.permissions.get(login.toLowerCase());
      if (!role) return [404, { message: "Not Found" }];
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return [200, { permission, role_name: role, user: { login } }];
    },
  },
  {
    method: "GET",
    pattern: /^\/contents\/(.+)$/,
    handle(fake, m, url) {
      const file = fake.files.get(decodeURIComponent(m[1] as string));
      if (file === undefined || (url.searchParams.get("ref") ?? fake.defaultBranch) !== fake.defaultBranch) {
        return [404, { message: "Not Found" }];
      }
      return [200, { type: "file", encoding: "base64", content: Buffer.from(file).toString("base64") }];
    },
  },
  {
    method: "GET",
    pattern: /^\/issues\/(\d+)\/comments$/,
    handle(fake, m, url) {
      const n = Number(m[1]);
      const { page, headers } = paged(
        url,
        fake.comments.filter((c) => c.issue === n).map((c) => commentJson(fake, c)),
      );
      return [200, page, headers];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/(\d+)\/comments$/,
    handle(fake, m, _url, json) {
      const c = fake.addComment(Number(m[1]), String(json.body), BOT);
      return [201, commentJson(fake, c)];
    },
  },
  {
    method: "PATCH",
    pattern: /^\/issues\/comments\/(\d+)$/,
    handle(fake, m, _url, json) {
      const c = fake.comments.find((x) => x.databaseId === Number(m[1]));
      if (!c) return [404, { message: "Not Found" }];
      c.body = String(json.body);
      return [200, commentJson(fake, c)];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/comments\/(\d+)\/reactions$/,
    handle(_fake, m, _url, json) {
      return [201, { id: Number(m[1]) + 1, content: json.content }];
    },
  },
  {
    method: "POST",
    pattern: /^\/labels$/,
    handle(fake, _m, _url, json) {
      const name = String(json.name);
      const label = {
        id: `LA_${name}`,
        name,
        color: String(json.color ?? "ededed"),
        description: String(json.description ?? ""),
      };
      fake.labels.set(name.toLowerCase(), label);
      return [201, { node_id: label.id, name }];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues$/,
    handle(fake, _m, _url, json) {
      const issue = fake.addIssue(String(json.title), String(json.body ?? ""), BOT);
      issue.labels = (json.labels as string[]) ?? [];
      issue.assignees = (json.assignees as string[]) ?? [];
      return [201, issueJson(fake, issue)];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/(\d+)\/sub_issues$/,
    handle(fake, m, _url, json) {
      const parent = fake.issues.get(Number(m[1]));
      const child = byDatabaseId(fake, json.sub_issue_id);
      if (!parent) return [404, { message: "Not Found" }];
      if (!child) return [422, { message: `sub_issue_id ${json.sub_issue_id} is not the id of an issue` }];
      child.parent = parent.number;
      parent.subIssues.push(child.number);
      return [201, issueJson(fake, parent)];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/(\d+)\/dependencies\/blocked_by$/,
    handle(fake, m, _url, json) {
      const issue = fake.issues.get(Number(m[1]));
      const blocking = byDatabaseId(fake, json.issue_id);
      if (!issue) return [404, { message: "Not Found" }];
      if (!blocking) return [422, { message: `issue_id ${json.issue_id} is not the id of an issue` }];
      issue.blockedBy.push(blocking.number);
      return [201, issueJson(fake, blocking)];
    },
  },
  {
    method: "GET",
    pattern: /^\/issues\/(\d+)$/,
    handle(fake, m) {
      const issue = fake.issues.get(Number(m[1]));
      if (!issue) return [404, { message: "Not Found" }];
      return [200, issueJson(fake, issue)];
    },
  },
  {
    method: "PATCH",
    pattern: /^\/issues\/(\d+)$/,
    handle(fake, m, _url, json) {
      const issue = fake.issues.get(Number(m[1]));
      if (!issue) return [404, { message: "Not Found" }];
      if (typeof json.body === "string") issue.body = json.body;
      if (json.state === "open" || json.state === "closed")
        issue.state = json.state === "open" ? "OPEN" : "CLOSED";
      return [200, issueJson(fake, issue)];
    },
  },
  ...REF_ROUTES,
];
