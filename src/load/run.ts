import autocannon from "autocannon";
import { type LoadReport, REPORT_SCHEMA } from "../reports/schema.js";
import { plural } from "../text/plural.js";
import { redactUrl } from "../text/redact.js";
import { latencyStats, SampleBuffer } from "./stats.js";
import { type ThresholdSpec, thresholdPasses } from "./thresholds.js";

/** What to load-test and how hard; exactly one of durationSec and amount bounds the run. */
export interface LoadTestOptions {
  url: string;
  method?: string;
  /** Header values here are sent as given; `secretHeaders` names those never printed. */
  headers?: Record<string, string>;
  secretHeaders?: string[];
  body?: string;
  connections?: number;
  /** Run length in seconds. */
  durationSec?: number;
  /** Total requests to send. */
  amount?: number;
  /** Cap on requests per second across all connections. */
  rate?: number;
  /** Seconds of unmeasured traffic before the run (warms JITs, pools and caches). */
  warmupSec?: number;
  /** Per-request timeout in seconds (autocannon's default: 10). */
  timeoutSec?: number;
  thresholds?: ThresholdSpec[];
  sha?: string;
  now?: () => Date;
  /** Called about once a second during the measured run (not the warm-up), e.g. for a progress bar. */
  onProgress?: (progress: LoadProgress) => void;
}

/** Where a running load test is: for a progress display. */
export interface LoadProgress {
  /** Responses received so far. */
  completed: number;
  /** Time since the measured run started, in ms. */
  elapsedMs: number;
  /** Responses in the last second, in requests per second. */
  rps: number;
}

/** Raised for options that would make an unsafe or unbounded run; the message says why. */
export class LoadTestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoadTestError";
  }
}

/**
 * Checks options before any traffic: only http(s) targets, a bound by duration or amount (never
 * both, never neither — an endless run is refused), sane connection counts.
 * @throws LoadTestError
 */
export function validateLoadOptions(options: LoadTestOptions): void {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new LoadTestError(`"${redactUrl(options.url)}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LoadTestError(
      `only http and https targets can be load-tested, not ${url.protocol.replace(":", "")}`,
    );
  }
  const bounded = [options.durationSec, options.amount].filter((v) => v !== undefined).length;
  if (bounded !== 1)
    throw new LoadTestError(
      "give exactly one of --duration (seconds) or --amount (requests) to bound the run",
    );
  if (options.durationSec !== undefined && !(options.durationSec > 0 && options.durationSec <= 3600)) {
    throw new LoadTestError("--duration must be between 1 and 3600 seconds");
  }
  if (options.amount !== undefined && !(Number.isInteger(options.amount) && options.amount > 0)) {
    throw new LoadTestError("--amount must be a positive whole number of requests");
  }
  const c = options.connections ?? 10;
  if (!(Number.isInteger(c) && c >= 1 && c <= 10_000))
    throw new LoadTestError("--connections must be between 1 and 10000");
}

/** Header values for display: names in `secret` (case-insensitive) are masked. */
export function maskHeaders(headers: Record<string, string>, secret: string[]): Record<string, string> {
  const hidden = new Set(secret.map((s) => s.toLowerCase()));
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, hidden.has(k.toLowerCase()) ? "***" : v]),
  );
}

/**
 * Runs a load test with autocannon and reports exact latency percentiles (every response's time
 * recorded with sub-millisecond resolution), throughput, errors, timeouts and non-2xx answers,
 * and each threshold with its measured value. The error rate is (errors + timeouts + non-2xx)
 * over all requests attempted.
 *
 * @throws LoadTestError for unsafe options, or when no request completed (a failure, not a pass)
 */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadReport> {
  validateLoadOptions(options);
  const base = {
    url: options.url,
    method: (options.method ?? "GET").toUpperCase() as "GET",
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    connections: options.connections ?? 10,
    ...(options.timeoutSec ? { timeout: options.timeoutSec } : {}),
    ...(options.rate ? { overallRate: options.rate } : {}),
  };
  if (options.warmupSec) await autocannon({ ...base, duration: options.warmupSec });

  const samples = new SampleBuffer();
  let non2xx = 0;
  const started = performance.now();
  let elapsedMs = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        ...base,
        ...(options.amount !== undefined
          ? { amount: options.amount }
          : { duration: options.durationSec as number }),
      },
      (error, res) => {
        elapsedMs = performance.now() - started;
        if (error) reject(error);
        else resolve(res);
      },
    );
    const onProgress = options.onProgress;
    if (onProgress)
      // autocannon emits "tick" each second with the responses in it; its typings omit the event.
      (instance as unknown as NodeJS.EventEmitter).on("tick", ({ counter }: { counter: number }) =>
        onProgress({ completed: samples.length, elapsedMs: performance.now() - started, rps: counter }),
      );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      samples.push(responseTime);
      if (statusCode < 200 || statusCode > 299) non2xx++;
    });
  });
  if (samples.length === 0) {
    throw new LoadTestError(
      `no request to ${redactUrl(options.url)} completed (${plural(result.errors, "error")}, ${plural(result.timeouts, "timeout")}): the target is down or unreachable`,
    );
  }
  const latencyMs = latencyStats(samples.values());
  const attempted = samples.length + result.errors;
  const errorRate = Math.min(1, (result.errors + non2xx) / Math.max(1, attempted));
  const durationMs = Math.max(1, options.amount !== undefined ? elapsedMs : result.duration * 1000);
  // A timed run: throughput as autocannon reports it, the mean of its per-second request counts,
  // which leaves out connection set-up and shutdown (as wrk's Requests/sec does). A run bounded
  // by --amount ends mid-second, and autocannon records that last partial second as a whole
  // sample (a 0.3 s run of 200 requests averages "200 req/s"), so it is completed requests over
  // the measured elapsed time instead; so are timed runs too short for a per-second sample.
  const perSecond = options.amount === undefined ? result.requests.average : 0;
  const rps = Math.round((perSecond > 0 ? perSecond : samples.length / (durationMs / 1000)) * 100) / 100;
  const values: Record<string, number> = {
    ...latencyMs,
    rps,
    error_rate: errorRate,
    requests: samples.length,
  };
  return {
    schema: REPORT_SCHEMA,
    kind: "load",
    ...(options.sha ? { sha: options.sha } : {}),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    // The report is shown (check run, summary, artifact): never the URL's credentials.
    target: redactUrl(options.url),
    method: base.method,
    connections: base.connections,
    durationMs: Math.round(durationMs),
    requests: samples.length,
    rps,
    latencyMs,
    // autocannon counts timeouts among errors; they are reported apart here.
    errors: result.errors - result.timeouts,
    non2xx,
    timeouts: result.timeouts,
    errorRate: Math.round(errorRate * 1e6) / 1e6,
    thresholds: (options.thresholds ?? []).map((t) => {
      const actual = values[t.metric] as number;
      return {
        expression: t.expression,
        metric: t.metric,
        op: t.op,
        limit: t.limit,
        actual,
        pass: thresholdPasses(t, actual),
      };
    }),
  };
}
