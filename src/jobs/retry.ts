import { classifyError } from "../github/errors.js";

/** Retry policy of queued jobs: attempts in all, and the first backoff (doubling each time), in ms. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Production defaults: 5 attempts, 2 s → 4 s → 8 s → 16 s between them. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 2_000 };

/**
 * The wait before the next attempt of a failed job, in ms, or undefined when it must not be
 * retried: only transient GitHub failures (5xx, lost connections, secondary rate limits — see
 * classifyError) are retried; GitHub's `retry-after` is honoured when longer than the backoff.
 * @param attempt the attempt that just failed, from 1
 */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy): number | undefined {
  const kind = classifyError(error);
  if (!kind.retryable || attempt >= policy.attempts) return undefined;
  const backoff = policy.backoffMs * 2 ** (attempt - 1);
  return Math.max(backoff, kind.retryAfterMs ?? 0);
}
