import { ProbotOctokit } from "probot";
import { clusteredTurnGroups } from "./throttle-lease.js";

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

type RequestOptions = { method: string; url: string; request?: object };
interface RequestHooks {
  hook: {
    before(name: "request", fn: (options: RequestOptions) => void): void;
    after(name: "request", fn: (response: { status: number }, options: RequestOptions) => void): void;
    error(name: "request", fn: (error: { status?: number }, options: RequestOptions) => never): void;
  };
}

/**
 * REST creates (POST outside /graphql) go out once: @octokit/plugin-retry would re-send one after
 * a 5xx whose request GitHub may have carried out (a second comment, issue or checklist). A lost
 * answer fails the job instead, and its re-run reads back what exists before creating (every
 * create is preceded by a read). GraphQL mutations opt out per call (see github/apply.ts);
 * secondary-limit retries (403/429: nothing was written) are the throttling plugin's and stay.
 * Registered after Probot's plugins, so this hook runs before the retry plugin reads the option.
 */
function createsGoOutOnce(octokit: RequestHooks): void {
  octokit.hook.before("request", (options) => {
    if (options.method === "POST" && !/\/graphql$/.test(options.url)) {
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

/**
 * Probot's Octokit with bounded rate-limit handling: GitHub's secondary limits (403/429 with
 * `retry-after`) wait the advised time and retry up to SECONDARY_LIMIT_RETRIES times; the
 * primary limit retries once after its reset (`@octokit/plugin-throttling`; GitHub docs "Rate
 * limits for the REST API"). Function-form defaults, because Probot passes its own `throttle`
 * options (which never retry a secondary limit) to every instance and an object default would
 * be replaced by them; Probot's Redis connection for clustering, when configured, is kept (its
 * spacing turns leased for TURN_LEASE_MS, see throttle-lease.ts). REST
 * creates are never re-sent automatically (createsGoOutOnce).
 *
 * @param options.throttle false turns the write spacing off (tests only)
 */
export function flightdeckOctokitClass(options: { throttle?: boolean } = {}): typeof ProbotOctokit {
  return ProbotOctokit.plugin(createsGoOutOnce as never).defaults((instance: Record<string, unknown>) => {
    const throttle = instance.throttle as { connection?: object } | undefined;
    return {
      ...instance,
      throttle: {
        ...throttle,
        // Clustered (REDIS_URL): turns leased briefly, so a killed process cannot stall writes.
        ...(throttle?.connection ? clusteredTurnGroups(throttle.connection) : {}),
        enabled: options.throttle ?? true,
        onSecondaryRateLimit,
        onRateLimit,
      },
    };
  });
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
