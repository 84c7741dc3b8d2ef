import Bottleneck from "bottleneck";
import { TURN_LEASE_MS } from "./throttle-lease.js";

/**
 * Spacing GitHub asks of content-creating requests ("Best practices for using the REST API":
 * make mutative requests serially, at least 1 s apart; requests that notify people, such as
 * creating issues and comments, are limited further — @octokit/plugin-throttling spaces those
 * 3 s apart). Both apply per installation token, which has its own secondary limits.
 */
export interface WriteSpacing {
  /** Minimum time between two content-creating requests of one installation, in ms. */
  writeMs: number;
  /** Minimum time between two notification-triggering REST writes of one installation, in ms. */
  notificationMs: number;
}

/** GitHub's advised spacing (the throttling plugin's own defaults). */
export const GITHUB_WRITE_SPACING: WriteSpacing = { writeMs: 1_000, notificationMs: 3_000 };

/** Idle time after which a limiter of one installation is dropped (and its Redis keys expire), in ms. */
const LIMITER_TIMEOUT_MS = 2 * 60_000;

/**
 * The Bottleneck groups of one Octokit class and one Redis connection. Each group is keyed by
 * the throttle id, which Probot sets to the installation id on every installation client, so
 * each installation gets its own limiters: one busy installation does not wait behind another.
 * With a connection (Probot's, on REDIS_URL) the limiters live in Redis under the same ids in
 * every process, so the spacing holds across instances.
 *
 * - `writes`: Flightdeck's own group — REST writes and GraphQL *mutations*, `writeMs` apart.
 * - `global`, `auth`, `search`, `notifications`: passed to @octokit/plugin-throttling in place of
 *   its module-wide defaults (same ids and limits, `notificationMs` for notifications).
 * - `write`: the plugin's write group, left unlimited: the plugin would space every /graphql
 *   request (queries included) like a write; `writes` takes that role, without queries.
 */
export interface LimiterGroups {
  writes: Bottleneck.Group;
  global: Bottleneck.Group;
  auth: Bottleneck.Group;
  search: Bottleneck.Group;
  notifications: Bottleneck.Group;
  write: Bottleneck.Group;
  clustering: boolean;
}

type Connection = Bottleneck.RedisConnection | Bottleneck.IORedisConnection;

/** Builds the groups of one connection (none: in-process limiters). */
export function limiterGroups(spacing: WriteSpacing, connection?: Connection): LimiterGroups {
  const common = { timeout: LIMITER_TIMEOUT_MS, ...(connection ? { connection } : {}) };
  return {
    writes: new Bottleneck.Group({
      id: "flightdeck-writes",
      maxConcurrent: 1,
      minTime: spacing.writeMs,
      ...common,
    }),
    global: new Bottleneck.Group({ id: "octokit-global", maxConcurrent: 10, ...common }),
    auth: new Bottleneck.Group({ id: "octokit-auth", maxConcurrent: 1, ...common }),
    search: new Bottleneck.Group({ id: "octokit-search", maxConcurrent: 1, minTime: 2_000, ...common }),
    notifications: new Bottleneck.Group({
      id: "octokit-notifications",
      maxConcurrent: 1,
      minTime: spacing.notificationMs,
      ...common,
    }),
    // In-process and unlimited whatever the connection: it only stands in for the plugin's own.
    write: new Bottleneck.Group({ id: "octokit-write-unlimited", timeout: LIMITER_TIMEOUT_MS }),
    clustering: connection !== undefined,
  };
}

/**
 * The operation of a GraphQL document: "query" when its first definition is a query (or the
 * `{ … }` shorthand), else "mutation". Documents that open with a fragment count as mutations —
 * spaced like writes, the safe side.
 */
export function graphqlOperation(document: string): "query" | "mutation" {
  const head = document.replace(/#[^\n\r]*/g, "").trimStart();
  return /^(?:query\b|\{)/.test(head) ? "query" : "mutation";
}

/** Request paths that authenticate (installation tokens): never spaced (as in the plugin). */
const AUTH_PATHS = [
  /^\/app\/installations\/[^/]+\/access_tokens$/,
  /^\/applications\/[^/]+\/token(?:\/scoped)?$/,
  /^\/login\/oauth\/access_token$/,
];

/**
 * Whether a request creates or changes content on GitHub and so waits in the `writes` group:
 * every REST method but GET/HEAD (token requests excepted) and every GraphQL mutation. GraphQL
 * queries and REST reads take the read path (the plugin's `global` group, 10 at a time).
 *
 * @param options.query the GraphQL document when `url` is /graphql
 */
export function isContentWrite(options: { method: string; url: string; query?: unknown }): boolean {
  const { pathname } = new URL(options.url, "http://github.test");
  if (pathname.endsWith("/graphql")) {
    return typeof options.query !== "string" || graphqlOperation(options.query) === "mutation";
  }
  if (options.method === "GET" || options.method === "HEAD") return false;
  return !AUTH_PATHS.some((p) => p.test(pathname));
}

const noop = () => Promise.resolve();

/**
 * Waits for the installation's turn to write (`writeMs` after its previous write), for content
 * writes only; resolves at once for reads and queries. Called once per request as the caller
 * made it: retries of a request (a secondary limit's, after its retry-after) do not queue again.
 *
 * @param id the throttle id (the installation id as Probot sets it; "no-id" for the app client)
 */
export async function awaitWriteTurn(
  groups: LimiterGroups,
  id: string,
  options: { method: string; url: string; query?: unknown },
): Promise<void> {
  if (!isContentWrite(options)) return;
  // Clustered jobs expire like the plugin's, so a process that died cannot hold a turn forever.
  await groups.writes.key(id).schedule(groups.clustering ? { expiration: TURN_LEASE_MS } : {}, noop);
}
