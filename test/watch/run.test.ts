import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseWatchRule } from "../../src/watch/core.js";
import { runWatch, WatchError } from "../../src/watch/run.js";

let server: Server | undefined;
beforeAll(() => nock.enableNetConnect(/127\.0\.0\.1/));
afterAll(() => nock.disableNetConnect());
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A service on 127.0.0.1 whose /api turns slow (400 ms) after `degradeAfter` health probes. */
async function service(degradeAfter = Number.POSITIVE_INFINITY): Promise<string> {
  let probes = 0;
  server = createServer((req, res) => {
    if (req.url === "/health") {
      probes++;
      res.end("ok");
    } else if (req.url === "/metrics.json") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ queue: { depth: probes } }));
    } else if (probes > degradeAfter) setTimeout(() => res.end("slow"), 400);
    else res.end("fast");
  });
  await new Promise<void>((r) => (server as Server).listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${((server as Server).address() as AddressInfo).port}`;
}

const rules = ["health", "p95<250", "error_rate<0.5"].map(parseWatchRule);

describe("runWatch against a local service", () => {
  it("rolls back with the reason when the service degrades for 2 consecutive windows", async () => {
    const base = await service(2);
    const commands: string[] = [];
    const report = await runWatch({
      healthUrl: `${base}/health`,
      loadUrl: `${base}/api`,
      rate: 5,
      rules,
      consecutive: 2,
      windowSec: 1,
      durationSec: 8,
      rollbackCommand: "./rollback.sh",
      shell: async (c) => {
        commands.push(c);
        return 0;
      },
    });
    expect(commands).toEqual(["./rollback.sh"]);
    expect(report.outcome).toBe("rolled-back");
    expect(report.rollback?.reason).toMatch(/^p95 \d+(\.\d+)? ms > 250 ms for 2 consecutive seconds$/);
    expect(report.windows.length).toBe(4);
    expect(report.rollback).toMatchObject({ window: 3, ran: true, exitCode: 0 });
    expect(report.windows.every((w) => w.healthOk)).toBe(true);
  }, 20_000);

  it("stays healthy and never rolls back when the service holds up", async () => {
    const base = await service();
    let rolledBack = false;
    const report = await runWatch({
      healthUrl: `${base}/health`,
      loadUrl: `${base}/api`,
      metricsUrl: `${base}/metrics.json`,
      rate: 5,
      rules: [...rules, parseWatchRule("metric:/queue/depth<100")],
      consecutive: 2,
      windowSec: 1,
      durationSec: 3,
      rollbackCommand: "./rollback.sh",
      shell: async () => {
        rolledBack = true;
        return 0;
      },
    });
    expect(rolledBack).toBe(false);
    expect(report).toMatchObject({
      kind: "watch",
      outcome: "healthy",
      rules: [...rules.map((r) => r.expression), "metric:/queue/depth<100"],
    });
    expect(report.windows).toHaveLength(3);
    expect(report.windows[2]?.metrics).toEqual({ "/queue/depth": 3 });
  }, 20_000);

  it("a failed rollback command is reported, and an abort ends the watch without rolling back", async () => {
    const base = await service(0);
    const failed = await runWatch({
      healthUrl: `${base}/health`,
      loadUrl: `${base}/api`,
      rate: 5,
      rules,
      consecutive: 1,
      windowSec: 1,
      durationSec: 5,
      rollbackCommand: "false",
      shell: async () => 1,
    });
    expect(failed).toMatchObject({ outcome: "rollback-failed", rollback: { exitCode: 1 } });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const cancelled = await runWatch({
      healthUrl: `${base}/health`,
      rules: [parseWatchRule("health")],
      windowSec: 1,
      durationSec: 60,
      rollbackCommand: "./rollback.sh",
      shell: async () => {
        throw new Error("must not roll back");
      },
      signal: controller.signal,
    });
    expect(cancelled.outcome).toBe("cancelled");
    expect(cancelled.windows.length).toBeLessThanOrEqual(3);
  }, 20_000);

  it("refuses unbounded or incomplete options before any request", async () => {
    const shell = async () => 0;
    const base = { rules, windowSec: 1, durationSec: 5, rollbackCommand: "x", shell };
    await expect(runWatch({ ...base, durationSec: 100_000 })).rejects.toThrow(/1 second to 24 hours/);
    await expect(runWatch({ ...base })).rejects.toThrow(new WatchError('rule "health" needs a health URL'));
    await expect(runWatch({ ...base, healthUrl: "ftp://x", loadUrl: "http://127.0.0.1:1/" })).rejects.toThrow(
      /"ftp:\/\/x" is not an http\(s\) URL/,
    );
    await expect(runWatch({ ...base, rollbackCommand: " " })).rejects.toThrow(/rollback command/);
  });
});
