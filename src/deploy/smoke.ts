/** What a smoke test checks. Times in ms. */
export interface SmokeOptions {
  url: string;
  /** Expected HTTP status (default 200). */
  expectStatus?: number;
  /** A regular expression the body must match. */
  bodyMatch?: string;
  /** Tries before giving up (default 3). */
  attempts?: number;
  /** Wait before the second try; doubles each time (default 1000 ms). */
  backoffMs?: number;
  /** Per-request timeout (default 5000 ms). */
  timeoutMs?: number;
}

/** Smoke-test outcome, with the reason a person reads when it failed. */
export interface SmokeResult {
  url: string;
  pass: boolean;
  attempts: number;
  status?: number;
  reason?: string;
}

const WORDS = ["zero times", "once", "twice", "three times", "four times", "five times"];

/**
 * Requests the URL until it answers as expected or the attempts run out, backing off
 * exponentially between tries. The reason names the request and what came back
 * ("smoke test: GET /health returned 503 three times").
 */
export async function smokeTest(
  options: SmokeOptions,
  deps: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {},
): Promise<SmokeResult> {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const expect = options.expectStatus ?? 200;
  const attempts = Math.max(1, options.attempts ?? 3);
  const pattern = options.bodyMatch ? new RegExp(options.bodyMatch) : undefined;
  const path = new URL(options.url).pathname;
  const seen: string[] = [];
  let status: number | undefined;
  for (let i = 1; i <= attempts; i++) {
    try {
      const res = await doFetch(options.url, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        redirect: "manual",
      });
      status = res.status;
      const body = await res.text();
      if (res.status === expect && (!pattern || pattern.test(body)))
        return { url: options.url, pass: true, attempts: i, status };
      seen.push(
        res.status !== expect
          ? `returned ${res.status}`
          : `returned a body not matching /${options.bodyMatch}/`,
      );
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      seen.push(
        e.name === "TimeoutError"
          ? `timed out after ${options.timeoutMs ?? 5000} ms`
          : `failed (${e.cause?.code ?? e.message})`,
      );
    }
    if (i < attempts) await sleep((options.backoffMs ?? 1000) * 2 ** (i - 1));
  }
  const same = seen.every((s) => s === seen[0]);
  const what = same ? `${seen[0]} ${WORDS[attempts] ?? `${attempts} times`}` : seen.join(", then ");
  return {
    url: options.url,
    pass: false,
    attempts,
    ...(status !== undefined ? { status } : {}),
    reason: `smoke test: GET ${path} ${what}`,
  };
}
