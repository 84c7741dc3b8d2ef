import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadTestError, maskHeaders, runLoadTest } from "../../src/load/run.js";
import { latencyStats } from "../../src/load/stats.js";
import { parseThreshold } from "../../src/load/thresholds.js";
import { cliIo } from "../support/cli-io.js";

let server: Server;
let base = "";
let hits = 0;
/** What the slow tenth waits: far above any scheduling noise on a busy machine, so the test asserts only what it controls. */
const SLOW_MS = 150;

beforeAll(async () => {
  nock.enableNetConnect(/127\.0\.0\.1/);
  // /slow-tenth: every 10th request waits SLOW_MS; /errors: every 4th request answers 500.
  server = createServer((req, res) => {
    hits++;
    const n = hits;
    if (req.url === "/slow-tenth" && n % 10 === 0) {
      setTimeout(() => res.end("slow"), SLOW_MS);
      return;
    }
    if (req.url === "/errors" && n % 4 === 0) {
      res.statusCode = 500;
      res.end("boom");
      return;
    }
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  nock.disableNetConnect();
});

describe("load test against a local server with injected latency and errors", () => {
  it("reports exact percentiles of a known distribution, with sub-millisecond resolution", async () => {
    hits = 0;
    const report = await runLoadTest({
      url: `${base}/slow-tenth`,
      connections: 1,
      amount: 200,
      thresholds: [parseThreshold("p95<5000"), parseThreshold(`p(50)<${SLOW_MS}`)],
    });
    expect(report.requests).toBe(200);
    // Exactly 10% of requests wait SLOW_MS: p50 and p90 are fast, p95 and p99 are slow (less 1 ms:
    // libuv timers may fire on the millisecond before).
    expect(report.latencyMs.p50).toBeLessThan(SLOW_MS);
    expect(report.latencyMs.p90).toBeLessThan(SLOW_MS);
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(SLOW_MS - 1);
    expect(report.latencyMs.p99).toBeGreaterThanOrEqual(SLOW_MS - 1);
    expect(Number.isInteger(report.latencyMs.p50)).toBe(false);
    expect(report.thresholds.map((t) => t.pass)).toEqual([true, true]);
    expect(report.errorRate).toBe(0);
    // One connection waits SLOW_MS on 20 requests, so the run takes ≥ 3 s: req/s is completed
    // requests over that time (≤ 66.7), not the request count autocannon's partial last second gives.
    expect(report.durationMs).toBeGreaterThanOrEqual(20 * (SLOW_MS - 1));
    expect(report.rps).toBeLessThanOrEqual(200 / ((20 * (SLOW_MS - 1)) / 1000));
    expect(report.rps).toBeCloseTo(200 / (report.durationMs / 1000), 0);
  });

  it("counts non-2xx answers into the error rate and fails thresholds on them", async () => {
    hits = 0;
    const report = await runLoadTest({
      url: `${base}/errors`,
      connections: 1,
      amount: 200,
      thresholds: [parseThreshold("error_rate<0.01"), parseThreshold("rate<0.3")],
    });
    expect(report.non2xx).toBe(50);
    expect(report.errorRate).toBe(0.25);
    expect(report.thresholds.map((t) => [t.expression, t.actual, t.pass])).toEqual([
      ["error_rate<0.01", 0.25, false],
      ["rate<0.3", 0.25, true],
    ]);
  });

  it("treats a run with no completed request as a failure, not a pass", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(
      runLoadTest({ url: `http://127.0.0.1:${port}/`, amount: 5, connections: 1 }),
    ).rejects.toThrow(
      /^no request to http:\/\/127\.0\.0\.1:\d+\/ completed \(\d+ errors, 0 timeouts\): the target is down or unreachable$/,
    );
  });
});

describe("load-test options and thresholds", () => {
  it("refuses non-http targets and unbounded runs", async () => {
    await expect(runLoadTest({ url: "ftp://example.test/", durationSec: 1 })).rejects.toThrow(
      "only http and https targets can be load-tested, not ftp",
    );
    await expect(runLoadTest({ url: "http://127.0.0.1:1/" })).rejects.toThrow(LoadTestError);
    await expect(runLoadTest({ url: "http://127.0.0.1:1/", durationSec: 5, amount: 10 })).rejects.toThrow(
      "give exactly one of --duration (seconds) or --amount (requests) to bound the run",
    );
  });

  it("parses Flightdeck's and k6's threshold spellings, with units", () => {
    expect(parseThreshold("p95<200")).toEqual({ expression: "p95<200", metric: "p95", op: "<", limit: 200 });
    expect(parseThreshold("p(99) <= 1.5s")).toMatchObject({ metric: "p99", op: "<=", limit: 1500 });
    expect(parseThreshold("rate<1%")).toMatchObject({ metric: "error_rate", limit: 0.01 });
    expect(parseThreshold("rps>500")).toMatchObject({ metric: "rps", op: ">", limit: 500 });
    expect(parseThreshold("avg<100")).toMatchObject({ metric: "mean" });
    expect(() => parseThreshold("latency is fine")).toThrow(
      /threshold "latency is fine" is not understood: use METRIC OP NUMBER/,
    );
  });

  it("computes nearest-rank percentiles and masks secret headers", () => {
    const s = latencyStats(Float64Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(maskHeaders({ Authorization: "Bearer abc", Accept: "json" }, ["authorization"])).toEqual({
      Authorization: "***",
      Accept: "json",
    });
    expect(() => latencyStats(new Float64Array())).toThrow("no completed requests");
  });
});

describe("flightdeck load-test CLI", () => {
  it("prints the summary with a latency chart, never a secret header, and exits 1 on a failed threshold", async () => {
    const { runCli } = await import("../../src/cli/index.js");
    const t = cliIo();
    const io = t.cli;
    const code = await runCli(
      [
        "load-test",
        `${base}/`,
        "--amount",
        "200",
        "--connections",
        "2",
        "--secret-header",
        "Authorization: Bearer hunter2",
        "--threshold",
        "p95<0.0001",
      ],
      io,
    );
    expect(code).toBe(1);
    const text = t.out();
    expect(text).toContain("### Flightdeck Load Test — GET");
    expect(text).toContain("xychart-beta");
    expect(text).toContain('Headers: {"Authorization":"***"}');
    expect(text + t.err()).not.toContain("hunter2");
    expect(t.err()).toMatch(/^flightdeck: threshold failed: p95<0\.0001 \(actual [\d.]+ ms\)$/);
    const bad = await runCli(["load-test", `${base}/`, "--duration", "1", "--amount", "5"], io);
    expect(bad).toBe(2);
  });

  it("draws a progress bar on stderr only when it is a terminal, and reports thresholds with units", async () => {
    const { runCli } = await import("../../src/cli/index.js");
    for (const tty of [true, false]) {
      const t = cliIo({ tty });
      const io = t.cli;
      const args = ["load-test", `${base}/errors`, "--amount", "40", "--connections", "1"];
      expect(await runCli([...args, "--threshold", "error_rate<0.01"], io)).toBe(1);
      // Every 4th answer is a 500: 25 %, shown as a percentage and as the fraction the threshold uses.
      expect(t.err()).toMatch(/threshold failed: error_rate<0\.01 \(actual 2\d(\.\d+)? % \(0\.2\d*\)\)$/);
      // A terminal gets plain lines; a pipe the job-summary Markdown with its mermaid chart.
      expect(t.out()).toContain(tty ? "✗ FAIL  error_rate<0.01: 2" : "```mermaid");
      expect(t.out()).not.toContain(tty ? "```" : "✗ FAIL");
      if (tty) expect(t.drawn()).toMatch(/Load test .* \d+\/40 requests \| [\d.]+ req\/s/);
      else expect(t.drawn()).toBe("");
      if (!tty) continue;
      // A timed run counts seconds: elapsed / duration, responses so far, live req/s.
      const timed = cliIo({ tty });
      expect(
        await runCli(["load-test", `${base}/`, "--duration", "1", "--connections", "1"], timed.cli),
      ).toBe(0);
      expect(timed.drawn()).toMatch(/Load test .* \d\/1 s \| \d+ responses \| [\d.]+ req\/s/);
    }
  });
});
