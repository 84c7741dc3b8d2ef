import { describe, expect, it } from "vitest";
import { decisive, formatMetric } from "../../src/load/format.js";

describe("formatMetric", () => {
  it("shows an error rate as a percentage and the fraction, never rounded onto its limit", () => {
    expect(formatMetric("error_rate", 0.0121, 0.01)).toBe("1.21 % (0.0121)");
    expect(formatMetric("error_rate", 0.01001, 0.01)).toBe("1.001 % (0.01001)");
    expect(formatMetric("error_rate", 0, 0.01)).toBe("0 % (0)");
  });

  it("shows latencies in ms with enough decimals to tell them from the limit", () => {
    expect(formatMetric("p95", 200.0004, 200)).toBe("200.0004 ms");
    expect(formatMetric("p95", 187.25, 200)).toBe("187.3 ms");
    expect(formatMetric("p99", 200, 200)).toBe("200 ms");
    expect(formatMetric("mean", 12.345)).toBe("12.3 ms");
  });

  it("shows throughput in req/s and counts with a plural", () => {
    expect(formatMetric("rps", 499.96, 500)).toBe("499.96 req/s");
    expect(formatMetric("rps", 812.44, 500)).toBe("812.4 req/s");
    expect(formatMetric("requests", 1)).toBe("1 request");
    expect(formatMetric("requests", 1000, 500)).toBe("1000 requests");
  });

  it("keeps a value that differs beyond 6 decimals exact", () => {
    expect(decisive(0.0100000001, 0.01, 2)).toBe("0.0100000001");
  });
});
