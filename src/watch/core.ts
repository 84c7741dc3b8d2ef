import { parseThreshold, type ThresholdSpec, thresholdPasses } from "../load/thresholds.js";

/**
 * One watch window's measurements. Latencies in ms; `errorRate` is a fraction 0–1; a field is
 * absent when nothing was measured (e.g. no request completed, so there is no p95).
 */
export interface WatchSample {
  /** ISO 8601 time the window ended. */
  at: string;
  /** Health probe result: true when the health URL answered as expected. */
  healthOk?: boolean;
  /** What the health probe saw when it failed ("503", "timeout after 5000 ms"). */
  healthDetail?: string;
  p95?: number;
  errorRate?: number;
  /** Values read from the metrics URL, by the name the rule gives them. */
  metrics?: Record<string, number>;
}

/**
 * A watched condition that must hold every window: `health` (the probe passes), a load-test
 * threshold on `p95` or `error_rate` (src/load/thresholds.ts), or a named metric from the
 * metrics URL with `op` and `limit`.
 */
export type WatchRule =
  | { kind: "health"; expression: "health" }
  | { kind: "load"; expression: string; spec: ThresholdSpec }
  | { kind: "metric"; expression: string; name: string; op: ThresholdSpec["op"]; limit: number };

/** How long a breach must last and how long a window is (the unit of the reason text). */
export interface WatchPolicy {
  rules: WatchRule[];
  /** Consecutive failing windows that make a breach (≥ 1). */
  consecutive: number;
  /** Window length in seconds, for the reason text ("minutes" when 60). */
  windowSec: number;
}

/** The running state: failing-window streak per rule expression. */
export type WatchState = Record<string, number>;

/** A breach: which rule, after how many windows, and the sentence a person reads. */
export interface Breach {
  expression: string;
  windows: number;
  /** e.g. "p95 412 ms > 200 ms for 3 consecutive minutes". */
  reason: string;
}

/**
 * Parses a watch rule: `health`, a load threshold (`p95<200`, `error_rate<0.01`), or
 * `metric:NAME OP NUMBER` for a value read from the metrics URL (`metric:queue_depth<100`).
 * @throws Error naming the expression and what is accepted
 */
export function parseWatchRule(expression: string): WatchRule {
  const text = expression.trim();
  if (text.toLowerCase() === "health") return { kind: "health", expression: "health" };
  const metric = /^metric:(\/?[A-Za-z_][\w./-]*)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (metric)
    return {
      kind: "metric",
      expression: text,
      name: metric[1] as string,
      op: metric[2] as ThresholdSpec["op"],
      limit: Number(metric[3]),
    };
  if (text.startsWith("metric:"))
    throw new Error(
      `watch rule "${text}" is not understood: use metric:NAME OP NUMBER, e.g. metric:queue_depth<100`,
    );
  const spec = parseThreshold(text);
  if (spec.metric !== "p95" && spec.metric !== "error_rate")
    throw new Error(
      `watch rule "${text}" cannot be watched: each window measures p95 and error_rate (and health, metric:NAME), not ${spec.metric}`,
    );
  return { kind: "load", expression: spec.expression, spec };
}

/**
 * Folds one window into the state: each failing rule's streak grows, each passing rule's streak
 * resets (a recovery clears it), and a rule with no measurement this window keeps its streak.
 * Rules are checked in order; the first whose streak reaches `policy.consecutive` is the breach.
 *
 * @returns the new state (the input is not changed) and the breach, if any
 */
export function observe(
  policy: WatchPolicy,
  state: WatchState,
  sample: WatchSample,
): { state: WatchState; breach?: Breach } {
  const next: WatchState = { ...state };
  let breach: Breach | undefined;
  for (const rule of policy.rules) {
    const check = evaluate(rule, sample);
    if (check === undefined) continue;
    next[rule.expression] = check.ok ? 0 : (next[rule.expression] ?? 0) + 1;
    const streak = next[rule.expression] as number;
    if (!check.ok && !breach && streak >= policy.consecutive) {
      breach = {
        expression: rule.expression,
        windows: streak,
        reason: `${check.what} ${duration(streak, policy.windowSec)}`,
      };
    }
  }
  return breach ? { state: next, breach } : { state: next };
}

/** Runs samples through `observe` and stops at the first breach. @returns its window index too */
export function firstBreach(
  policy: WatchPolicy,
  samples: WatchSample[],
): { breach: Breach; index: number } | undefined {
  let state: WatchState = {};
  for (const [index, sample] of samples.entries()) {
    const step = observe(policy, state, sample);
    if (step.breach) return { breach: step.breach, index };
    state = step.state;
  }
  return undefined;
}

/** One rule against one window: undefined when the window measured nothing for it. */
function evaluate(rule: WatchRule, s: WatchSample): { ok: boolean; what: string } | undefined {
  switch (rule.kind) {
    case "health":
      if (s.healthOk === undefined) return undefined;
      return { ok: s.healthOk, what: `health check failed${s.healthDetail ? ` (${s.healthDetail})` : ""}` };
    case "load": {
      const actual =
        rule.spec.metric === "error_rate" ? s.errorRate : rule.spec.metric === "p95" ? s.p95 : undefined;
      if (actual === undefined) return undefined;
      const fmt = rule.spec.metric === "error_rate" ? percent : (n: number) => `${round(n)} ms`;
      const label = rule.spec.metric === "error_rate" ? "error rate" : rule.spec.metric;
      return {
        ok: thresholdPasses(rule.spec, actual),
        what: `${label} ${fmt(actual)} ${relation(actual, rule.spec.limit)} ${fmt(rule.spec.limit)}`,
      };
    }
    case "metric": {
      const actual = s.metrics?.[rule.name];
      if (actual === undefined) return undefined;
      return {
        ok: thresholdPasses(
          { expression: rule.expression, metric: "requests", op: rule.op, limit: rule.limit },
          actual,
        ),
        what: `${rule.name} ${round(actual)} ${relation(actual, rule.limit)} ${round(rule.limit)}`,
      };
    }
  }
}

/** The true relation between a value and its limit, so the sentence never misstates it. */
function relation(actual: number, limit: number): string {
  return actual > limit ? ">" : actual < limit ? "<" : "=";
}

/** "for 3 consecutive minutes", "for 1 minute", "for 4 consecutive 30-s windows". */
export function duration(windows: number, windowSec: number): string {
  const unit =
    windowSec === 60 ? "minute" : windowSec === 1 ? "second" : windowSec === 3600 ? "hour" : undefined;
  if (unit) return windows === 1 ? `for 1 ${unit}` : `for ${windows} consecutive ${unit}s`;
  return windows === 1 ? `for 1 ${windowSec}-s window` : `for ${windows} consecutive ${windowSec}-s windows`;
}

function percent(n: number): string {
  return `${round(n * 100)}%`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
}
