import { describe, expect, it } from "vitest";
import {
  CHECK_TEXT_LIMIT,
  checkName,
  parseReport,
  reportCheckOutput,
  reportFromCheckText,
  reportJson,
  summaryMarkdown,
} from "../src/reports/publish.js";
import { emptyCounts, type LoadReport, type QaReport } from "../src/reports/schema.js";

const qa: QaReport = {
  schema: "flightdeck.report/v1",
  kind: "qa",
  sha: "abc1234",
  createdAt: "2026-11-20T10:00:00.000Z",
  tests: { total: 3, passed: 1, failed: 1, errored: 0, skipped: 1, flaky: 0 },
  byPriority: {
    P0: { ...emptyCounts(), total: 2, passed: 1, failed: 1 },
    P1: { ...emptyCounts(), total: 1, skipped: 1 },
    P2: emptyCounts(),
  },
  failures: [
    {
      name: "pays | twice",
      file: "src/pay.test.ts",
      line: 9,
      message: "expected 1\nreceived 2",
      kind: "failure",
      priority: "P0",
    },
  ],
  coverage: { lines: 81.25 },
  durationMs: 12,
  sources: [{ file: "junit.xml", format: "junit", tests: 3 }],
};

const load: LoadReport = {
  schema: "flightdeck.report/v1",
  kind: "load",
  createdAt: "2026-11-20T10:00:00.000Z",
  target: "http://127.0.0.1:8080/health",
  method: "GET",
  connections: 10,
  durationMs: 10_000,
  requests: 50_000,
  rps: 5000,
  latencyMs: { p50: 1.2, p90: 2.5, p95: 3.1, p99: 7.9, max: 20, mean: 1.5 },
  errors: 0,
  non2xx: 5,
  timeouts: 0,
  errorRate: 0.0001,
  thresholds: [{ expression: "p95<200", metric: "p95", op: "<", limit: 200, actual: 3.1, pass: true }],
};

describe("flightdeck.report/v1", () => {
  it("round-trips through the JSON file and the check run that embeds it", () => {
    expect(parseReport(reportJson(qa), "qa.json")).toEqual({ ok: true, report: qa });
    const out = reportCheckOutput(qa);
    expect(out.title).toBe("1/2 passed, 1 failing, 81.3% lines covered");
    expect(reportFromCheckText(out.text)).toEqual({ ok: true, report: qa });
    expect(checkName(qa)).toBe("Flightdeck QA");
    expect(checkName(load)).toBe("Flightdeck Load Test");
    expect(reportFromCheckText(reportCheckOutput(load).text)).toEqual({ ok: true, report: load });
  });

  it("renders job-summary tables people can read", () => {
    expect(summaryMarkdown(qa)).toContain("| P0 | 2 | 1 | 1 | 0 | 0 |");
    expect(summaryMarkdown(qa)).toContain("| pays \\| twice | P0 | `src/pay.test.ts:9` | expected 1 |");
    expect(summaryMarkdown(load)).toContain(
      "| 50000 | 5000.0 | 1.20 ms | 2.50 ms | 3.10 ms | 7.90 ms | 20 ms | 0 | 5 | 0 |",
    );
    expect(summaryMarkdown(load)).toContain("| `p95<200` | 3.1 ms | ✅ pass |");
  });

  it("shows a failed threshold's value with the precision that decides it, never rounded onto the limit", () => {
    const failing: LoadReport = {
      ...load,
      errorRate: 0.0121,
      thresholds: [
        {
          expression: "error_rate<0.01",
          metric: "error_rate",
          op: "<",
          limit: 0.01,
          actual: 0.0121,
          pass: false,
        },
        { expression: "p99<200", metric: "p99", op: "<", limit: 200, actual: 200.004, pass: false },
      ],
    };
    const text = summaryMarkdown(failing);
    expect(text).toContain("| `error_rate<0.01` | 1.21 % (0.0121) | ❌ fail |");
    expect(text).toContain("| `p99<200` | 200.004 ms | ❌ fail |");
  });

  it("stays within GitHub's 65,535 characters by dropping failure details first", () => {
    const failures = Array.from(
      { length: 2000 },
      (_, i) => ({ ...qa.failures[0], name: `t${i}`, message: "x".repeat(60) }) as QaReport["failures"][0],
    );
    const big = { ...qa, tests: { ...qa.tests, total: 2002, failed: 2000 }, failures };
    const out = reportCheckOutput(big);
    expect(out.text.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(out.summary.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    const back = reportFromCheckText(out.text);
    expect(back.ok && back.report.kind === "qa" && back.report.tests.failed).toBe(2000);
  });

  it("explains what is wrong with a malformed report", () => {
    expect(parseReport("{", "r.json")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^r\.json is not JSON: /),
    });
    expect(parseReport(JSON.stringify({ ...qa, schema: "flightdeck.report/v2" }), "r.json")).toEqual({
      ok: false,
      error:
        'r.json is not a flightdeck.report/v1 report: schema: Invalid input: expected "flightdeck.report/v1"',
    });
    expect(reportFromCheckText("just text")).toEqual({
      ok: false,
      error: "the check run carries no Flightdeck report",
    });
  });
});
