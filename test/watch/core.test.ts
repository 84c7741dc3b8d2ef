import { describe, expect, it } from "vitest";
import { duration, firstBreach, observe, parseWatchRule, type WatchPolicy } from "../../src/watch/core.js";

const policy = (rules: string[], consecutive = 3, windowSec = 60): WatchPolicy => ({
  rules: rules.map(parseWatchRule),
  consecutive,
  windowSec,
});
const at = (i: number) => new Date(Date.UTC(2026, 10, 30, 16, i)).toISOString();

describe("watch core", () => {
  it("breaches after N consecutive failing windows with the reason a person reads", () => {
    const p95s = [120, 250, 300, 412];
    const hit = firstBreach(
      policy(["p95<200"]),
      p95s.map((p95, i) => ({ at: at(i), p95 })),
    );
    expect(hit).toEqual({
      index: 3,
      breach: { expression: "p95<200", windows: 3, reason: "p95 412 ms > 200 ms for 3 consecutive minutes" },
    });
  });

  it("a recovered window resets the streak", () => {
    const p95s = [250, 300, 150, 250, 300];
    expect(
      firstBreach(
        policy(["p95<200"]),
        p95s.map((p95, i) => ({ at: at(i), p95 })),
      ),
    ).toBeUndefined();
    const { state } = observe(policy(["p95<200"]), { "p95<200": 2 }, { at: at(0), p95: 100 });
    expect(state).toEqual({ "p95<200": 0 });
  });

  it("a window that measured nothing keeps the streak rather than resetting it", () => {
    const samples = [{ at: at(0), errorRate: 0.5 }, { at: at(1) }, { at: at(2), errorRate: 0.25 }];
    expect(firstBreach(policy(["error_rate<0.01"], 2), samples)?.breach.reason).toBe(
      "error rate 25% > 1% for 2 consecutive minutes",
    );
  });

  it("words health, metric and non-minute windows", () => {
    const health = firstBreach(policy(["health"], 2, 1), [
      { at: at(0), healthOk: false, healthDetail: "503" },
      { at: at(1), healthOk: false, healthDetail: "503" },
    ]);
    expect(health?.breach.reason).toBe("health check failed (503) for 2 consecutive seconds");
    const metric = firstBreach(policy(["metric:queue_depth<100"], 1, 30), [
      { at: at(0), metrics: { queue_depth: 100 } },
    ]);
    expect(metric?.breach.reason).toBe("queue_depth 100 = 100 for 1 30-s window");
    expect(duration(4, 30)).toBe("for 4 consecutive 30-s windows");
  });

  it("refuses rules it cannot watch, with the reason", () => {
    expect(() => parseWatchRule("rps>500")).toThrow(/each window measures p95 and error_rate.*not rps/);
    expect(() => parseWatchRule("metric:depth~3")).toThrow(/use metric:NAME OP NUMBER/);
    expect(() => parseWatchRule("latency<3")).toThrow(/is not understood/);
  });
});
