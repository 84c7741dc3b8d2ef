import { LoadTestError, runLoadTest, validateLoadOptions } from "../load/run.js";
import { REPORT_SCHEMA, type WatchReport } from "../reports/schema.js";
import { type Breach, observe, type WatchRule, type WatchSample, type WatchState } from "./core.js";
import { readJsonPath } from "./json-path.js";

/** What to watch, for how long, and how to roll back. Times in seconds unless named `Ms`. */
export interface WatchOptions {
  /** Probed once per window; healthy when it answers `healthExpectStatus` (default 200). */
  healthUrl?: string;
  healthExpectStatus?: number;
  /** Target of the low-rate synthetic request mix (the load-test core) each window. */
  loadUrl?: string;
  /** Requests per second of the synthetic mix (default 2). */
  rate?: number;
  /** A JSON document read once per window; `metric:PATH` rules read numbers from it. */
  metricsUrl?: string;
  rules: WatchRule[];
  /** Consecutive failing windows that make a breach (default 3). */
  consecutive?: number;
  /** Window length, 1–3600 s (60 in production, 1 in tests). */
  windowSec: number;
  /** Total watch time, 1 s – 24 h; the watch runs floor(durationSec / windowSec) windows (≥ 1). */
  durationSec: number;
  /** Per-request timeout of the probes and the synthetic requests (default 5000 ms). */
  timeoutMs?: number;
  rollbackCommand: string;
  /**
   * Runs a command line; returns its exit code (src/deploy/shell.ts in the Action and CLI).
   * Gets the breach reason too, for the command's environment (FLIGHTDECK_ROLLBACK_REASON).
   */
  shell: (command: string, reason: string) => Promise<number>;
  /** Aborting ends the watch after the current measurement; no rollback is run for it. */
  signal?: AbortSignal;
  environment?: string;
  sha?: string;
  log?: (line: string) => void;
  fetch?: typeof fetch;
  loadTest?: typeof runLoadTest;
}

/** Raised for options that would make an unbounded or unusable watch; the message says why. */
export class WatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WatchError";
  }
}

/**
 * Checks options before any request. @throws WatchError naming the bad option
 */
export function validateWatchOptions(o: WatchOptions): void {
  if (!(o.windowSec >= 1 && o.windowSec <= 3600)) throw new WatchError("the window must be 1–3600 seconds");
  if (!(o.durationSec >= 1 && o.durationSec <= 86_400))
    throw new WatchError("the watch duration must be 1 second to 24 hours (86400 s)");
  if (o.durationSec < o.windowSec)
    throw new WatchError(
      `the watch duration (${o.durationSec} s) is shorter than one window (${o.windowSec} s)`,
    );
  if (
    o.consecutive !== undefined &&
    !(Number.isInteger(o.consecutive) && o.consecutive >= 1 && o.consecutive <= 1000)
  )
    throw new WatchError("the consecutive windows before a rollback must be a whole number 1–1000");
  if (!o.rules.length)
    throw new WatchError("give at least one rule to watch (health, p95<200, error_rate<0.01, …)");
  if (!o.rollbackCommand.trim()) throw new WatchError("give the rollback command to run on a breach");
  const needs = (kind: WatchRule["kind"], option: string | undefined, name: string) => {
    const rule = o.rules.find((r) => r.kind === kind);
    if (rule && !option) throw new WatchError(`rule "${rule.expression}" needs ${name}`);
  };
  needs("health", o.healthUrl, "a health URL");
  needs("load", o.loadUrl, "a load URL (the synthetic request target)");
  needs("metric", o.metricsUrl, "a metrics URL");
  for (const url of [o.healthUrl, o.metricsUrl])
    if (url && !/^https?:\/\//.test(url)) throw new WatchError(`"${url}" is not an http(s) URL`);
  if (o.loadUrl) {
    try {
      validateLoadOptions({ url: o.loadUrl, durationSec: 1, connections: 1 });
    } catch (error) {
      throw new WatchError((error as Error).message);
    }
  }
}

/**
 * Watches a freshly deployed service window by window: probes the health URL, runs a short
 * low-rate request mix through the load-test core (p95, error rate) and reads the metrics URL,
 * folds each window into the consecutive-window rule (src/watch/core.ts), and on the first breach
 * runs the rollback command and stops. Bounded by `durationSec`; an abort (SIGINT/SIGTERM in the
 * Action and CLI) ends it within one measurement (≤ 10 s of synthetic traffic) without rolling back.
 * Never throws for an unhealthy service: the report says what happened.
 *
 * @throws WatchError for bad options (before any request)
 */
export async function runWatch(o: WatchOptions): Promise<WatchReport> {
  validateWatchOptions(o);
  const started = Date.now();
  const log = o.log ?? (() => {});
  const consecutive = o.consecutive ?? 3;
  const total = Math.max(1, Math.floor(o.durationSec / o.windowSec));
  const windows: WatchSample[] = [];
  let state: WatchState = {};
  let breach: Breach | undefined;
  while (windows.length < total && !o.signal?.aborted) {
    const windowEnd = Date.now() + o.windowSec * 1000;
    const sample = await measure(o);
    windows.push(sample);
    const step = observe({ rules: o.rules, consecutive, windowSec: o.windowSec }, state, sample);
    state = step.state;
    log(
      `window ${windows.length}/${total}: health ${sample.healthOk ?? "—"}, p95 ${sample.p95 ?? "—"} ms, error rate ${sample.errorRate ?? "—"}`,
    );
    if (step.breach) {
      breach = step.breach;
      break;
    }
    if (windows.length < total) await sleep(windowEnd - Date.now(), o.signal);
  }

  let outcome: WatchReport["outcome"] = o.signal?.aborted && windows.length < total ? "cancelled" : "healthy";
  let rollback: WatchReport["rollback"];
  if (breach) {
    log(`breach: ${breach.reason}; rolling back`);
    const exitCode = await o.shell(o.rollbackCommand, breach.reason);
    outcome = exitCode === 0 ? "rolled-back" : "rollback-failed";
    if (exitCode !== 0) log(`rollback command exited with code ${exitCode}`);
    rollback = { reason: breach.reason, window: windows.length - 1, ran: true, exitCode };
  }
  return {
    schema: REPORT_SCHEMA,
    kind: "watch",
    ...(o.sha ? { sha: o.sha } : {}),
    createdAt: new Date().toISOString(),
    ...(o.environment ? { environment: o.environment } : {}),
    outcome,
    windowSec: o.windowSec,
    consecutive,
    rules: o.rules.map((r) => r.expression),
    windows,
    ...(rollback ? { rollback } : {}),
    durationMs: Date.now() - started,
  };
}

/** One window's measurements; the probes run side by side. */
async function measure(o: WatchOptions): Promise<WatchSample> {
  const timeoutMs = o.timeoutMs ?? 5000;
  const doFetch = o.fetch ?? fetch;
  const wants = (kind: WatchRule["kind"]) => o.rules.some((r) => r.kind === kind);
  const [health, load, metrics] = await Promise.all([
    o.healthUrl && wants("health")
      ? probeHealth(o.healthUrl, o.healthExpectStatus ?? 200, timeoutMs, doFetch)
      : undefined,
    o.loadUrl && wants("load") ? syntheticMix(o, timeoutMs) : undefined,
    o.metricsUrl && wants("metric") ? readMetrics(o.metricsUrl, o.rules, timeoutMs, doFetch) : undefined,
  ]);
  return {
    at: new Date().toISOString(),
    ...(health ? { healthOk: health.ok, ...(health.detail ? { healthDetail: health.detail } : {}) } : {}),
    ...(load?.p95 !== undefined ? { p95: load.p95 } : {}),
    ...(load ? { errorRate: load.errorRate } : {}),
    ...(metrics && Object.keys(metrics).length ? { metrics } : {}),
  };
}

async function probeHealth(
  url: string,
  expect: number,
  timeoutMs: number,
  doFetch: typeof fetch,
): Promise<{ ok: boolean; detail?: string }> {
  try {
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.body?.cancel();
    return res.status === expect ? { ok: true } : { ok: false, detail: `GET returned ${res.status}` };
  } catch (error) {
    const name = (error as Error).name;
    return {
      ok: false,
      detail: name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : "unreachable",
    };
  }
}

/** A short burst (≤ 10 s, ≤ the window) at the configured rate; no completed request = 100 % errors. */
async function syntheticMix(
  o: WatchOptions,
  timeoutMs: number,
): Promise<{ p95?: number; errorRate: number }> {
  const load = o.loadTest ?? runLoadTest;
  try {
    const report = await load({
      url: o.loadUrl as string,
      durationSec: Math.min(o.windowSec, 10),
      rate: o.rate ?? 2,
      connections: 1,
      timeoutSec: Math.max(1, Math.ceil(timeoutMs / 1000)),
    });
    return { p95: report.latencyMs.p95, errorRate: report.errorRate };
  } catch (error) {
    if (error instanceof LoadTestError) return { errorRate: 1 };
    throw error;
  }
}

/** Reads the metrics document and the number at each `metric:PATH` rule's path (absent when missing). */
async function readMetrics(
  url: string,
  rules: WatchRule[],
  timeoutMs: number,
  doFetch: typeof fetch,
): Promise<Record<string, number>> {
  let doc: unknown;
  try {
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return {};
    doc = await res.json();
  } catch {
    return {};
  }
  const out: Record<string, number> = {};
  for (const rule of rules) {
    if (rule.kind !== "metric") continue;
    const value = readJsonPath(doc, rule.name);
    if (typeof value === "number" && Number.isFinite(value)) out[rule.name] = value;
  }
  return out;
}

/** Waits, returning early when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
