import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { DeploymentPolicy } from "../../src/config/schema.js";
import { type DeploymentEvidence, evaluateDeployment } from "../../src/gates/deployment.js";

const evidence = (over: Partial<DeploymentEvidence> = {}): DeploymentEvidence => ({
  sha: "a".repeat(40),
  environment: "production",
  now: new Date("2026-12-24T12:00:00Z"),
  pullRequestGate: { state: "go", pull: 5 },
  qa: {
    schema: "flightdeck.report/v1",
    kind: "qa",
    createdAt: "2026-12-24T10:00:00.000Z",
    tests: { total: 3, passed: 3, failed: 0, errored: 0, skipped: 0, flaky: 0 },
    byPriority: {
      P0: { total: 3, passed: 3, failed: 0, errored: 0, skipped: 0 },
      P1: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
      P2: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
    },
    failures: [],
    durationMs: 1,
    sources: [],
  },
  p0Bugs: [],
  ...over,
});

describe("deployment policy", () => {
  it("rejects inside a change-freeze window and approves outside it", () => {
    const policy = DeploymentPolicy.parse({
      freeze: [{ from: "2026-12-23T00:00:00Z", to: "2027-01-02T00:00:00Z", reason: "holidays" }],
    });
    expect(evaluateDeployment(policy, evidence())).toMatchObject({ decision: "reject" });
    expect(evaluateDeployment(policy, evidence()).comment).toContain(
      "❌ change freeze (holidays) until 2027-01-02T00:00:00Z",
    );
    expect(evaluateDeployment(policy, evidence({ now: new Date("2027-01-03T00:00:00Z") })).decision).toBe(
      "approve",
    );
  });

  it("waits while evidence runs, and only warns on warn-level criteria", () => {
    const policy = DeploymentPolicy.parse({ p0Bugs: { level: "warn" } });
    expect(evaluateDeployment(policy, evidence({ qa: "pending" })).decision).toBe("pending");
    const warned = evaluateDeployment(policy, evidence({ p0Bugs: [{ number: 9, title: "x" }] }));
    expect(warned.decision).toBe("approve");
    expect(warned.comment).toContain("⚠️ open P0 bugs: #9");
  });

  it("refuses a config with a threshold it cannot read", () => {
    const r = parseConfig(
      'gates:\n  deployments:\n    production:\n      load: { thresholds: ["fast enough"] }\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        path: "gates.deployments.production.load.thresholds.0",
        message: "a threshold like p95<200, error_rate<0.01 or rps>500",
      });
  });
});
