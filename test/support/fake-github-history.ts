import type { FakeGitHub } from "./fake-github.js";
import { issueJson, paged, type RestRoute, userJson } from "./fake-github-rest.js";

/**
 * The fake's read endpoints for a repository's history (launch reports): deployments and their
 * statuses (newest first, as GitHub lists them), milestones and sub-issue
 * lists. Kept apart from fake-github-rest.ts, which holds the write paths.
 */
export const HISTORY_ROUTES: RestRoute[] = [
  {
    method: "GET",
    pattern: /^\/deployments$/,
    handle(fake, _m, url) {
      const env = url.searchParams.get("environment");
      const all = fake.deployments
        .filter((d) => env === null || d.environment === env)
        .map((d) => ({
          id: d.id,
          node_id: `DE_${d.id}`,
          sha: d.sha ?? d.ref,
          ref: d.ref,
          environment: d.environment,
          created_at: d.createdAt ?? "2026-11-20T12:00:00Z",
          creator: userJson("github-actions[bot]"),
        }))
        .sort((a, b) => b.created_at.localeCompare(a.created_at));
      const { page, headers } = paged(url, all);
      return [200, page, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/deployments\/(\d+)\/statuses$/,
    handle(fake, m, url) {
      const d = fake.deployments.find((x) => x.id === Number(m[1]));
      if (!d) return [404, { message: "Not Found" }];
      const list = d.statuses
        .map((s, i) => ({
          id: d.id * 100 + i,
          state: s.state,
          description: s.description ?? "",
          environment: d.environment,
          created_at: s.createdAt ?? "2026-11-20T12:00:00Z",
        }))
        .reverse();
      const { page, headers } = paged(url, list);
      return [200, page, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/milestones$/,
    handle(fake, _m, url) {
      const state = url.searchParams.get("state") ?? "open";
      const list = fake.milestones
        .filter((x) => state === "all" || x.state === state)
        .map((x) => ({ id: 60_000 + x.number, number: x.number, title: x.title, state: x.state }));
      const { page, headers } = paged(url, list);
      return [200, page, headers];
    },
  },
  {
    method: "GET",
    pattern: /^\/issues\/(\d+)\/sub_issues$/,
    handle(fake: FakeGitHub, m, url) {
      const parent = fake.issues.get(Number(m[1]));
      if (!parent) return [404, { message: "Not Found" }];
      const subs = parent.subIssues.flatMap((n) => {
        const i = fake.issues.get(n);
        return i ? [issueJson(fake, i)] : [];
      });
      const { page, headers } = paged(url, subs);
      return [200, page, headers];
    },
  },
];

/** A recorded comparison (`fake.comparisons`, base...head → author dates) as GET …/compare answers it. */
export function recordedComparison(dates: string[]) {
  return {
    status: "ahead",
    ahead_by: dates.length,
    behind_by: 0,
    total_commits: dates.length,
    commits: dates.map((date, i) => ({
      sha: `${String(i).padStart(2, "0")}${"c".repeat(38)}`,
      commit: { author: { name: "dev", date }, committer: { name: "dev", date }, message: "change" },
    })),
    files: [],
  };
}
