import { emptyCounts, type QaReport } from "../../src/reports/schema.js";

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
