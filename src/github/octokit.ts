import { ProbotOctokit } from "probot";

/** An authenticated Octokit as Probot hands it to handlers (REST methods, paginate, graphql). */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Most times a request is retried after a secondary rate limit (403/429 with retry-after). */
export const SECONDARY_LIMIT_RETRIES = 4;

/**
 * Probot's Octokit with bounded rate-limit handling: GitHub's secondary limits (403/429 with
 * `retry-after`) wait the advised time and retry up to SECONDARY_LIMIT_RETRIES times; the
 * primary limit retries once after its reset. Throttling spaces writes as Probot does.
 * (`@octokit/plugin-throttling`; GitHub docs "Rate limits for the REST API".)
 */
export const FlightdeckOctokit = ProbotOctokit.defaults({
  throttle: {
    enabled: true,
    onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, octokit: Octokit, retryCount: number) => {
      octokit.log.warn(`secondary rate limit on ${options.method} ${options.url}; waiting ${retryAfter} s (retry ${retryCount + 1})`);
      return retryCount < SECONDARY_LIMIT_RETRIES;
    },
    onRateLimit: (retryAfter: number, options: { method: string; url: string }, octokit: Octokit, retryCount: number) => {
      octokit.log.warn(`rate limit on ${options.method} ${options.url}; waiting ${retryAfter} s`);
      return retryCount < 1;
    },
  },
});
