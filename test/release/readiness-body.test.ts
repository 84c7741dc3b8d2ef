import { describe, expect, it } from "vitest";
import { DeploymentPolicy } from "../../src/config/schema.js";
import { evaluateDeployment } from "../../src/gates/deployment.js";
import { renderChecklist } from "../../src/release/checklist.js";
import type { ReadinessInput } from "../../src/release/readiness.js";
import { ownText, updateReadinessBody } from "../../src/release/readiness-body.js";
import { readinessLine, readinessSummary } from "../../src/release/readiness-summary.js";
import { loadReportFixture, qaReportFixture } from "../support/reports.js";

const SHA = "b".repeat(40);
const template = [
  "- [ ] Tests pass <!-- flightdeck:evidence qa -->",
  "- [ ] E2E <!-- flightdeck:evidence custom:e2e -->",
  "- [x] Release notes written",
  "- [ ] Unknown evidence <!-- flightdeck:evidence nonsense -->",
].join("\n");

function input(over: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    version: "v2.0.0",
    commit: { sha: SHA, source: "tag", ref: "v2.0.0" },
    evidence: {
      qa: { report: qaReportFixture(SHA), url: "https://github.com/o/r/runs/1" },
      custom: [],
      problems: [],
    },
    loadThresholds: [],
    defects: [],
    defectsUrl: "https://github.com/o/r/issues",
    environments: [],
    ...over,
  };
}

describe("updateReadinessBody (pure)", () => {
  it("decides evidence items, keeps manual ones and unknown keys as people left them, and is stable", () => {
    const { body } = renderChecklist("v2.0.0", template);
    const first = updateReadinessBody(body, input());
    expect(first.body).toContain(
      "- [x] Tests pass <!-- flightdeck:evidence qa --> — ✅ [10/10 tests pass](https://github.com/o/r/runs/1)",
    );
    expect(first.body).toContain(
      "- [ ] E2E <!-- flightdeck:evidence custom:e2e --> — ⏳ no e2e report on bbbbbbb",
    );
    expect(first.body).toContain("- [x] Release notes written\n");
    expect(first.body).toContain("- [ ] Unknown evidence <!-- flightdeck:evidence nonsense -->\n");
    expect(first.readiness.manual).toEqual({ done: 1, total: 2 });
    expect(first.readiness.reasons).toEqual([
      "Load test: no load report on bbbbbbb",
      "e2e: no e2e report on bbbbbbb",
      "1 of 2 manual checklist items open",
    ]);
    // Same evidence, same body: nothing to write. The section is replaced, never duplicated.
    expect(updateReadinessBody(first.body, input()).body).toBe(first.body);
    expect(first.body.split("<!-- flightdeck:readiness -->")).toHaveLength(2);
    expect(ownText(first.body)).not.toContain("Readiness report");
  });

  it("is a go when every evidence check passes and every manual item is ticked", () => {
    const { body } = renderChecklist("v2.0.0", "- [x] Notes\n- [ ] Tests <!-- flightdeck:evidence qa -->");
    const load = loadReportFixture(undefined, 1);
    const r = updateReadinessBody(
      body,
      input({ evidence: { ...input().evidence, load: { report: load, url: "https://x/2" } } }),
    );
    expect(r.readiness.decision).toBe("go");
    expect(r.body).toContain("## Readiness report: 🟢 **Go**");
    expect(readinessSummary(r.body)).toEqual({ version: "v2.0.0", decision: "go", reasons: [], count: 0 });
  });

  it("keeps the deployment status report within GitHub's 1,024 characters with the readiness line", () => {
    const summary = {
      version: "v2.0.0",
      decision: "no-go" as const,
      reasons: Array(5).fill("x".repeat(200)),
      count: 40,
    };
    const line = readinessLine(summary, 12);
    expect(line.length).toBeLessThanOrEqual(300);
    const policy = DeploymentPolicy.parse({ p0Bugs: { level: "block" }, load: { thresholds: ["p95<200"] } });
    const result = evaluateDeployment(policy, {
      sha: SHA,
      environment: "production",
      now: new Date("2026-11-20T10:00:00Z"),
      pullRequestGate: { state: "no-go", pull: 3, title: "y".repeat(300) },
      p0Bugs: Array.from({ length: 60 }, (_, i) => ({ number: i + 1, title: "bug" })),
      readiness: { issue: 12, summary },
    });
    expect(result.comment.length).toBeLessThanOrEqual(1024);
    expect(result.comment).toContain("📋 Readiness of v2.0.0 (#12): 🔴 no-go — ");
  });
});
