import { emptyCounts, type LoadReport, type QaReport } from "../../src/reports/schema.js";

/**
 * A QA report for tests: `p0` P0 tests (all passing) and the rest P1, of which `failed` fail;
 * coverage only when `lines` is given.
 */
export function qaReportFixture(
  sha: string,
  options: { total?: number; p0?: number; failed?: number; lines?: number } = {},
): QaReport {
  const total = options.total ?? 10;
  const p0 = options.p0 ?? 3;
  const failed = options.failed ?? 0;
  return {
    schema: "flightdeck.report/v1",
    kind: "qa",
    sha,
    createdAt: "2026-11-20T10:00:00.000Z",
    tests: { total, passed: total - failed, failed, errored: 0, skipped: 0, flaky: 0 },
    byPriority: {
      P0: { ...emptyCounts(), total: p0, passed: p0 },
      P1: { ...emptyCounts(), total: total - p0, passed: total - p0 - failed, failed },
      P2: emptyCounts(),
    },
    failures: [],
    ...(options.lines !== undefined ? { coverage: { lines: options.lines } } : {}),
    durationMs: 5,
    sources: [],
  };
}

/**
 * A load report for tests: 1,000 requests at 100 req/s against staging without errors, p95 `p95`
 * ms (p99 twice, max three times that), no thresholds; about commit `sha` when given.
 */
export function loadReportFixture(
  sha: string | undefined,
  p95: number,
  extra: Partial<LoadReport> = {},
): LoadReport {
  return {
    schema: "flightdeck.report/v1",
    kind: "load",
    ...(sha ? { sha } : {}),
    createdAt: "2026-11-20T10:00:00.000Z",
    target: "https://staging.example.com/",
    method: "GET",
    connections: 10,
    durationMs: 10_000,
    requests: 1000,
    rps: 100,
    latencyMs: { p50: 10, p90: 50, p95, p99: p95 * 2, max: p95 * 3, mean: 20 },
    errors: 0,
    non2xx: 0,
    timeouts: 0,
    errorRate: 0,
    thresholds: [],
    ...extra,
  };
}
