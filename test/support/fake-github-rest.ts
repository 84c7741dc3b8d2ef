import { APP_ID, BOT, type FakeCheckRun, type FakeGitHub, type FakeIssue } from "./fake-github.js";

const checkRunJson = (r: FakeCheckRun) => ({
  id: r.id,
  name: r.name,
  head_sha: r.headSha,
  status: r.status,
  conclusion: r.conclusion,
  completed_at: r.completedAt,
  details_url: r.detailsUrl ?? null,
  output: { ...r.output, annotations_count: 0 },
  app: r.app ?? (r.name === "Flightdeck Go/No-Go" ? { id: APP_ID, slug: "flightdeck" } : ACTIONS_APP),
});
const ACTIONS_APP = { id: 15368, slug: "github-actions" };

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

const numericId = (issue: FakeIssue) => Number(issue.id.replace(/\D/g, ""));
const byNumericId = (fake: FakeGitHub, id: unknown) =>
  [...fake.issues.values()].find((i) => numericId(i) === Number(id));

/** The REST endpoints Flightdeck (and the naive benchmark baseline) call, as GitHub answers them. */
export const REST_ROUTES: RestRoute[] = [
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
      const issues = [...fake.issues.values()].filter(
        (i) =>
          !fake.pulls.has(i.number) &&
          (state === "ALL" || i.state === state) &&
          labels.every((l) => i.labels.includes(l)),
      );
      return [
        200,
        issues.map((i) => ({
          number: i.number,
          title: i.title,
          body: i.body,
          state: i.state.toLowerCase(),
          labels: i.labels.map((name) => ({ name })),
          user: { login: i.author, type: i.author.endsWith("[bot]") ? "Bot" : "User" },
          performed_via_github_app: i.author === BOT ? { id: APP_ID, slug: "flightdeck" } : null,
        })),
      ];
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
        statuses: [],
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
      return [
        200,
        people.map(([login, role]) => ({
          login,
          role_name: role,
          permissions: { push: rank[role] >= 2, admin: role === "admin" },
        })),
      ];
    },
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)$/,
    handle(fake, m) {
      const pr = fake.pulls.get(Number(m[1]));
      if (!pr) return [404, { message: "Not Found" }];
      return [
        200,
        {
          number: pr.number,
          state: pr.state,
          head: { sha: pr.headSha },
          user: { login: pr.author },
          html_url: `https://github.com/${fake.owner}/${fake.name}/pull/${pr.number}`,
        },
      ];
    },
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)\/reviews$/,
    handle(fake, m) {
      return [
        200,
        fake.reviews
          .filter((r) => r.pull === Number(m[1]))
          .map((r) => ({
            id: r.id,
            user: { login: r.user },
            state: r.state,
            commit_id: r.commitId,
            submitted_at: r.submittedAt,
          })),
      ];
    },
  },
  {
    method: "GET",
    pattern: /^\/commits\/([0-9a-f]+)\/check-runs$/,
    handle(fake, m) {
      const runs = fake.checkRuns.filter((r) => r.headSha === m[1]).map(checkRunJson);
      return [200, { total_count: runs.length, check_runs: runs }];
    },
  },
  {
    method: "GET",
    pattern: /^\/commits\/([0-9a-f]+)\/pulls$/,
    handle(fake, m) {
      const pulls = [...fake.pulls.values()].filter((p) => p.headSha === m[1] || p.mergeSha === m[1]);
      return [
        200,
        pulls.map((p) => ({
          number: p.number,
          state: p.state,
          head: { sha: p.headSha },
          user: { login: p.author, type: "User" },
          merged_at: p.state === "closed" && p.mergeSha ? "2026-11-20T08:00:00Z" : null,
          merge_commit_sha: p.mergeSha ?? null,
        })),
      ];
    },
  },
  {
    method: "POST",
    pattern: /^\/check-runs$/,
    handle(fake, _m, _url, json) {
      const output = (json.output ?? {}) as FakeCheckRun["output"];
      const run = fake.addCheckRun({
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
    handle(fake, m) {
      const n = Number(m[1]);
      const user = (login: string) => ({ login, type: login.endsWith("[bot]") ? "Bot" : "User" });
      return [
        200,
        fake.comments
          .filter((c) => c.issue === n)
          .map((c) => ({
            id: c.databaseId,
            node_id: c.id,
            body: c.body,
            user: user(c.author),
            // GitHub names the App a comment was written through; only Flightdeck's are ours.
            performed_via_github_app:
              c.author === BOT
                ? { id: APP_ID, slug: "flightdeck" }
                : c.author.endsWith("[bot]")
                  ? { id: 15368, slug: "github-actions" }
                  : null,
          })),
      ];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/(\d+)\/comments$/,
    handle(fake, m, _url, json) {
      const c = fake.addComment(Number(m[1]), String(json.body), BOT);
      return [201, { id: c.databaseId, node_id: c.id, body: c.body }];
    },
  },
  {
    method: "PATCH",
    pattern: /^\/issues\/comments\/(\d+)$/,
    handle(fake, m, _url, json) {
      const c = fake.comments.find((x) => x.databaseId === Number(m[1]));
      if (!c) return [404, { message: "Not Found" }];
      c.body = String(json.body);
      return [200, { id: c.databaseId, node_id: c.id, body: c.body }];
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
      return [201, { id: numericId(issue), node_id: issue.id, number: issue.number }];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/(\d+)\/sub_issues$/,
    handle(fake, m, _url, json) {
      const parent = fake.issues.get(Number(m[1]));
      const child = byNumericId(fake, json.sub_issue_id);
      if (!parent || !child) return [422, { message: "sub_issue_id not found" }];
      child.parent = parent.number;
      parent.subIssues.push(child.number);
      return [201, { number: parent.number }];
    },
  },
  {
    method: "POST",
    pattern: /^\/issues\/(\d+)\/dependencies\/blocked_by$/,
    handle(fake, m, _url, json) {
      const issue = fake.issues.get(Number(m[1]));
      const blocking = byNumericId(fake, json.issue_id);
      if (!issue || !blocking) return [422, { message: "issue_id not found" }];
      issue.blockedBy.push(blocking.number);
      return [201, { number: issue.number }];
    },
  },
  {
    method: "GET",
    pattern: /^\/issues\/(\d+)$/,
    handle(fake, m) {
      const issue = fake.issues.get(Number(m[1]));
      if (!issue) return [404, { message: "Not Found" }];
      return [
        200,
        {
          number: issue.number,
          node_id: issue.id,
          title: issue.title,
          body: issue.body,
          state: issue.state.toLowerCase(),
        },
      ];
    },
  },
  {
    method: "PATCH",
    pattern: /^\/issues\/(\d+)$/,
    handle(fake, m, _url, json) {
      const issue = fake.issues.get(Number(m[1]));
      if (!issue) return [404, { message: "Not Found" }];
      if (typeof json.body === "string") issue.body = json.body;
      return [200, { number: issue.number }];
    },
  },
];
