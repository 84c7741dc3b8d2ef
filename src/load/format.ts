import { noun, plural } from "../text/plural.js";
import type { LoadMetric } from "./thresholds.js";

/**
 * Formats a measured load metric with its unit and with the precision that decides its
 * threshold: the value gets more decimals until it no longer reads like the limit, so a failed
 * `error_rate<0.01` at 0.0121 shows "1.21 % (0.0121)", never a rounded "0.01" next to ❌.
 *
 * Units: latencies (p50…max, mean) in ms, `rps` in requests per second, `error_rate` as a
 * percentage followed by the fraction 0–1 the threshold is written in, `requests` as a count.
 *
 * @param metric the metric measured (a report read from JSON may name one this version lacks)
 * @param value the measured value in the metric's unit (ms, req/s, fraction 0–1, count)
 * @param limit the threshold's limit in the same unit, when one decides the value
 */
export function formatMetric(metric: LoadMetric | string, value: number, limit?: number): string {
  switch (metric) {
    case "error_rate": {
      const percent = decisive(value * 100, limit === undefined ? undefined : limit * 100, 2);
      return `${percent} % (${decisive(value, limit, 4)})`;
    }
    case "rps":
      return `${decisive(value, limit, 1)} req/s`;
    case "requests":
      return plural(value, "request");
    case "p50":
    case "p90":
    case "p95":
    case "p99":
    case "max":
    case "mean":
      return `${decisive(value, limit, 1)} ms`;
    default:
      // A metric from a newer report format: the number without a unit.
      return decisive(value, limit, 2);
  }
}

/**
 * Failed thresholds in one line for an error message, e.g. "thresholds failed: p95<200 (actual
 * 350 ms), error_rate<0.01 (actual 1.21 % (0.0121))".
 */
export function failedThresholdsMessage(
  failed: ReadonlyArray<{ expression: string; metric: string; limit: number; actual: number }>,
): string {
  const list = failed.map((t) => `${t.expression} (actual ${formatMetric(t.metric, t.actual, t.limit)})`);
  return `${noun(failed.length, "threshold")} failed: ${list.join(", ")}`;
}

/**
 * The value rounded to `min` decimals, or to more (up to 6) while it would print the same as the
 * limit although it differs from it; trailing zeros are dropped ("0.0100" → "0.01").
 */
export function decisive(value: number, limit: number | undefined, min: number): string {
  for (let d = min; d <= 6; d++) {
    const shown = value.toFixed(d);
    if (limit === undefined || value === limit || shown !== limit.toFixed(d)) return trimZeros(shown);
  }
  return String(value);
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
