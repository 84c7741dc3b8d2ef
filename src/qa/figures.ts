import { QaInputError } from "./errors.js";

/**
 * A duration in ms from a report's number in `unit` (JUnit `time` is seconds, Cucumber's is ns).
 * Missing or empty is 0 (many producers omit it); thousands separators ("1,234.5") are read.
 *
 * @param where what the figure is, for the message (`test "adds" time`)
 * @throws QaInputError naming the file when it is not a number or negative — an impossible figure
 */
export function duration(raw: unknown, unit: "s" | "ms" | "ns", file: string, where: string): number {
  if (raw === undefined || raw === null || raw === "") return 0;
  const value =
    typeof raw === "number"
      ? raw
      : Number(
          String(raw)
            .trim()
            .replace(/,(?=\d{3}\b)/g, ""),
        );
  if (!Number.isFinite(value)) throw new QaInputError(file, `${where} is not a number: "${String(raw)}"`);
  if (value < 0) throw new QaInputError(file, `${where} is negative (${String(raw)}): a duration cannot be`);
  return unit === "s" ? value * 1000 : unit === "ns" ? value / 1e6 : value;
}

/** A TimeSpan (`00:00:01.2340000`, `1.02:03:04.5`) in ms. @throws QaInputError when malformed */
export function timeSpan(raw: unknown, file: string, where: string): number {
  if (raw === undefined || raw === "") return 0;
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(String(raw).trim());
  if (!m) throw new QaInputError(file, `${where} is not a duration (hh:mm:ss.fffffff): "${String(raw)}"`);
  if (m[1]) throw new QaInputError(file, `${where} is negative (${String(raw)}): a duration cannot be`);
  const [days, h, min, s] = [m[2] ?? "0", m[3], m[4], m[5]].map(Number) as [number, number, number, number];
  return (((days * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/**
 * A count a report states (`tests="5"`, `numTotalTests: 5`); undefined when absent.
 * @throws QaInputError naming the file when it is negative or not a whole number
 */
export function count(raw: unknown, file: string, where: string): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const value = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < 0)
    throw new QaInputError(file, `${where} must be a whole number ≥ 0, got "${String(raw)}"`);
  return value;
}
