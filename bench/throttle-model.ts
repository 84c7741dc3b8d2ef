/**
 * The write spacing Flightdeck's Octokit applies (src/github/throttle.ts, with
 * @octokit/plugin-throttling), per installation: every non-GET REST request and every GraphQL
 * mutation waits ≥1 s after the previous one ("write" group; GraphQL queries are reads); writes to paths that trigger notifications wait ≥3 s after the previous such write
 * ("notifications" group). The path list is the plugin's generated
 * triggers-notification-paths, restricted to the ones an epic sync can touch; the plugin matches
 * `{param}` lazily and allows a trailing non-slash suffix (so `/sub_issue` also matches `/sub_issues`).
 */
const NOTIFICATION_PATHS = [
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
];
const NOTIFY = new RegExp(
  `^(?:${NOTIFICATION_PATHS.map(
    (p) =>
      `(?:${p
        .split("/")
        .map((c) => (c.startsWith("{") ? "(?:.+?)" : c))
        .join("/")})`,
  ).join("|")})[^/]*$`,
  "i",
);

export interface ThrottledRequest {
  method: string;
  path: string;
  /** For /graphql: "query" goes the read path; anything else is spaced as a write. */
  operationType?: string;
}

/** Classifies a request the way Flightdeck's Octokit does. */
export function throttleGroup(r: ThrottledRequest): "read" | "write" | "notification" {
  if (r.path.startsWith("/graphql")) return r.operationType === "query" ? "read" : "write";
  const write = r.method !== "GET";
  if (!write) return "read";
  return r.method !== "GET" && NOTIFY.test(r.path) ? "notification" : "write";
}

/**
 * Earliest time (ms after the first request) at which the last request can start when requests
 * go out in order and take no time themselves: the part of wall time the throttle alone imposes.
 */
export function throttleBoundMs(requests: ThrottledRequest[]): number {
  let lastWrite = Number.NEGATIVE_INFINITY;
  let lastNotify = Number.NEGATIVE_INFINITY;
  let t = 0;
  for (const r of requests) {
    const group = throttleGroup(r);
    if (group !== "read") t = Math.max(t, lastWrite + 1000);
    if (group === "notification") t = Math.max(t, lastNotify + 3000);
    if (group !== "read") lastWrite = t;
    if (group === "notification") lastNotify = t;
  }
  return Number.isFinite(lastWrite) ? Math.max(0, t) : 0;
}
