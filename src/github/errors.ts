/** How to react to a failed GitHub request. */
export interface ErrorKind {
  /** Waiting and re-reading may succeed. */
  retryable: boolean;
  /** The failure is a (secondary) rate limit. */
  rateLimited: boolean;
  /** GitHub's advised wait (`retry-after`), in ms, when it gave one. */
  retryAfterMs?: number;
}

const RATE_LIMIT_TEXT = /submitted too quickly|secondary rate limit|rate limit exceeded|abuse detection/i;

/**
 * Classifies an error from Octokit (RequestError with `status`/`response.headers`, or
 * GraphqlResponseError with `errors[]`). Rate limits: REST 403/429 with `retry-after` or a
 * rate-limit message; GraphQL errors of type RATE_LIMITED or "was submitted too quickly"
 * (GitHub docs: "Rate limits and node limits for the GraphQL API"). Transient: 5xx, timeouts
 * and lost connections. Everything else (403 permission, 404, 422 validation) is permanent.
 */
export function classifyError(error: unknown): ErrorKind {
  const e = error as {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string | undefined> };
    errors?: Array<{ type?: string; message?: string }>;
    code?: string;
  };
  const gqlErrors = e.errors ?? [];
  if (gqlErrors.some((g) => g.type === "RATE_LIMITED" || RATE_LIMIT_TEXT.test(g.message ?? ""))) {
    return { retryable: true, rateLimited: true };
  }
  if (gqlErrors.length) return { retryable: false, rateLimited: false };
  const retryAfter = Number(e.response?.headers?.["retry-after"]);
  if (
    (e.status === 403 || e.status === 429) &&
    (Number.isFinite(retryAfter) || RATE_LIMIT_TEXT.test(e.message ?? ""))
  ) {
    return {
      retryable: true,
      rateLimited: true,
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  if (e.status !== undefined && e.status >= 500) return { retryable: true, rateLimited: false };
  if (
    e.status === undefined &&
    /ECONNRESET|ETIMEDOUT|socket hang up|fetch failed|network/i.test(`${e.code} ${e.message}`)
  ) {
    return { retryable: true, rateLimited: false };
  }
  return { retryable: false, rateLimited: false };
}
