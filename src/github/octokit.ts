import { ProbotOctokit } from "probot";
import {
  awaitWriteTurn,
  GITHUB_WRITE_SPACING,
  isContentWrite,
  type LimiterGroups,
  limiterGroups,
  type WriteSpacing,
} from "./throttle.js";
import { leasedTurns } from "./throttle-lease.js";

/** An authenticated Octokit as Probot hands it to handlers (REST methods, paginate, graphql). */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Most times a request is retried after a secondary rate limit (403/429 with retry-after). */
export const SECONDARY_LIMIT_RETRIES = 4;

type Limited = (
  retryAfter: number,
  options: { method: string; url: string },
  octokit: Octokit,
  retryCount: number,
) => boolean;

/** Process-wide listeners of GitHub traffic (the /metrics endpoint sets them); none by default. */
export const githubTelemetry: {
  request?: (method: string, status: number | "error") => void;
  rateLimitWait?: (kind: "primary" | "secondary", seconds: number) => void;
} = {};

const onSecondaryRateLimit: Limited = (retryAfter, options, octokit, retryCount) => {
  githubTelemetry.rateLimitWait?.("secondary", retryAfter);
  octokit.log.warn(
    `secondary rate limit on ${options.method} ${options.url}; waiting ${retryAfter} s (retry ${retryCount + 1})`,
  );
  return retryCount < SECONDARY_LIMIT_RETRIES;
};
const onRateLimit: Limited = (retryAfter, options, octokit, retryCount) => {
  githubTelemetry.rateLimitWait?.("primary", retryAfter);
  octokit.log.warn(`rate limit on ${options.method} ${options.url}; waiting ${retryAfter} s`);
  return retryCount < 1;
};

type RequestOptions = { method: string; url: string; query?: unknown; request?: object };
interface RequestHooks {
  hook: {
    before(name: "request", fn: (options: RequestOptions) => void): void;
    wrap(
      name: "request",
      fn: (
        request: (options: RequestOptions) => Promise<unknown>,
        options: RequestOptions,
      ) => Promise<unknown>,
    ): void;
    after(name: "request", fn: (response: { status: number }, options: RequestOptions) => void): void;
    error(name: "request", fn: (error: { status?: number }, options: RequestOptions) => never): void;
  };
}

/**
 * REST creates (POST outside /graphql) and GraphQL mutations go out once: @octokit/plugin-retry
 * would re-send one after a 5xx whose request GitHub may have carried out (a second comment,
 * issue or checklist). A lost answer fails the job instead, and its re-run reads back what
 * exists before creating (every create is preceded by a read). Secondary-limit retries (403/429
 * with retry-after: GitHub refused the request, nothing was written) are the throttling
 * plugin's and stay. Registered after Probot's plugins, so this hook runs before the retry
 * plugin reads the option.
 */
function createsGoOutOnce(octokit: RequestHooks): void {
  octokit.hook.before("request", (options) => {
    const graphql = /\/graphql$/.test(options.url);
    if (options.method === "POST" && (!graphql || isContentWrite(options))) {
      options.request = { ...options.request, retries: 0 };
    }
  });
  // Counted once per request as sent (retries included), for /metrics.
  octokit.hook.after("request", (response, options) =>
    githubTelemetry.request?.(options.method, response.status),
  );
  octokit.hook.error("request", (error, options) => {
    githubTelemetry.request?.(options.method, error.status ?? "error");
    throw error;
  });
}

type ThrottleOptions = { enabled?: boolean; id?: string; connection?: object; groups?: LimiterGroups };

/**
 * Content writes wait for their installation's turn (src/github/throttle.ts) before anything
 * else — outside the retry and throttling plugins, so a request queues once however often it is
 * retried. Reads and GraphQL queries pass straight through.
 */
function writesTakeTurns(octokit: RequestHooks, octokitOptions: { throttle?: ThrottleOptions }): void {
  const throttle = octokitOptions.throttle;
  const groups = throttle?.groups;
  if (!throttle?.enabled || !groups) return;
  const id = throttle.id ?? "no-id";
  octokit.hook.wrap("request", async (request, options) => {
    await awaitWriteTurn(groups, id, options);
    return request(options);
  });
}

/**
 * Probot's Octokit with GitHub's limits as they are:
 * - **per installation:** every limiter is keyed by the installation (Probot's throttle id), so
 *   one busy installation never delays another's requests;
 * - **writes spaced, reads not:** REST writes and GraphQL mutations of one installation go out
 *   `spacing.writeMs` apart (notifying REST writes `notificationMs`); REST reads and GraphQL
 *   queries are not spaced (the throttling plugin would space every /graphql request);
 * - **across instances:** with Probot's Redis connection (REDIS_URL) the limiters live in Redis;
 * - **bounded rate-limit handling:** secondary limits (403/429 with `retry-after`) wait the
 *   advised time and retry up to SECONDARY_LIMIT_RETRIES times; the primary limit retries once
 *   after its reset (`@octokit/plugin-throttling`; GitHub docs "Rate limits for the REST API");
 * - REST creates and GraphQL mutations are never re-sent after a lost answer (createsGoOutOnce).
 * Function-form defaults, because Probot passes its own `throttle` options (which never retry a
 * secondary limit) to every instance and an object default would be replaced by them.
 *
 * @param options.throttle false turns all spacing off (tests only)
 * @param options.spacing the write spacing in ms (tests shorten it); default GitHub's advice
 */
export function flightdeckOctokitClass(
  options: { throttle?: boolean; spacing?: WriteSpacing } = {},
): typeof ProbotOctokit {
  const spacing = options.spacing ?? GITHUB_WRITE_SPACING;
  // One set of limiters per connection, shared by every client of this class (all installations).
  const byConnection = new Map<object | undefined, LimiterGroups>();
  const groupsOf = (connection: object | undefined): LimiterGroups => {
    let groups = byConnection.get(connection);
    if (!groups) {
      groups = limiterGroups(spacing, connection as Parameters<typeof limiterGroups>[1]);
      byConnection.set(connection, groups);
    }
    return groups;
  };
  return ProbotOctokit.plugin(createsGoOutOnce as never, writesTakeTurns as never).defaults(
    (instance: Record<string, unknown>) => {
      const throttle = (instance.throttle ?? {}) as ThrottleOptions;
      const groups = groupsOf(throttle.connection);
      return {
        ...instance,
        throttle: {
          ...throttle,
          enabled: options.throttle ?? true,
          onSecondaryRateLimit,
          onRateLimit,
          groups,
          global: groups.global,
          auth: groups.auth,
          // Clustered (REDIS_URL): the plugin's spacing turns are leased briefly, so a killed
          // process cannot stall every instance's writes for a minute (see throttle-lease.ts).
          search: groups.clustering ? leasedTurns(groups.search) : groups.search,
          notifications: groups.clustering ? leasedTurns(groups.notifications) : groups.notifications,
          write: groups.write,
        },
      };
    },
  );
}

/** The Octokit class Flightdeck runs with (Probot server and CLI). */
export const FlightdeckOctokit = flightdeckOctokitClass();

/**
 * The Octokit of one installation (its own token and, with Probot's throttle, its own limiter:
 * Probot gives each installation's client the throttle id of that installation). Installation
 * 0 is the app's own client (a personal token in tests). The one place where Probot's client
 * type meets Flightdeck's.
 */
export async function installationOctokit(
  app: { auth(installationId?: number): Promise<unknown> },
  installationId: number,
): Promise<Octokit> {
  return (await app.auth(installationId || undefined)) as Octokit;
}
