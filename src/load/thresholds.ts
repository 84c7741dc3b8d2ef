/** A metric a threshold can test, with its unit: latencies in ms, rps in requests/s, rates 0–1. */
export type LoadMetric = "p50" | "p90" | "p95" | "p99" | "max" | "mean" | "rps" | "error_rate" | "requests";

/** A parsed threshold such as `p95<200`. */
export interface ThresholdSpec {
  expression: string;
  metric: LoadMetric;
  op: "<" | "<=" | ">" | ">=";
  limit: number;
}

const ALIASES: Record<string, LoadMetric> = {
  p50: "p50",
  med: "p50",
  median: "p50",
  "p(50)": "p50",
  p90: "p90",
  "p(90)": "p90",
  p95: "p95",
  "p(95)": "p95",
  p99: "p99",
  "p(99)": "p99",
  max: "max",
  avg: "mean",
  mean: "mean",
  rps: "rps",
  error_rate: "error_rate",
  errors: "error_rate",
  rate: "error_rate",
  requests: "requests",
  count: "requests",
};

/**
 * Parses a threshold: Flightdeck's spelling (`p95<200`, `error_rate<0.01`, `rps>500`) or k6's
 * (`p(95)<200`, `rate<0.01`, `avg<100`). Latencies are in ms; `error_rate` is a fraction 0–1.
 * @throws Error naming the expression and what is accepted
 */
export function parseThreshold(expression: string): ThresholdSpec {
  const m = /^\s*([a-z_][a-z0-9_]*(?:\(\d+\))?)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|%)?\s*$/i.exec(
    expression,
  );
  const metric = m ? ALIASES[(m[1] as string).toLowerCase()] : undefined;
  if (!m || !metric) {
    throw new Error(
      `threshold "${expression}" is not understood: use METRIC OP NUMBER with METRIC one of p50, p90, p95, p99, max, avg, rps, error_rate (k6's p(95) and rate work too), e.g. p95<200`,
    );
  }
  let limit = Number(m[3]);
  const unit = m[4]?.toLowerCase();
  if (unit === "s") limit *= 1000;
  if (unit === "%") limit /= 100;
  return { expression: expression.trim(), metric, op: m[2] as ThresholdSpec["op"], limit };
}

/** Checks a threshold against a measured value. */
export function thresholdPasses(spec: ThresholdSpec, actual: number): boolean {
  switch (spec.op) {
    case "<":
      return actual < spec.limit;
    case "<=":
      return actual <= spec.limit;
    case ">":
      return actual > spec.limit;
    case ">=":
      return actual >= spec.limit;
  }
}
