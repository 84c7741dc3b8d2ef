import { beforeAll, describe, expect, it, vi } from "vitest";
import { reportCheckOutput } from "../src/reports/publish.js";
import { githubSchema } from "./support/fake-github.js";
import {
  codeScanningAlert,
  dependabotAlert,
  GITHUB_SAYS,
  mergeRef,
  secretAlert,
  securityOf,
} from "./support/fake-github-security.js";
import { gateWorld, SHA1, securityGateWorld, stampedQa } from "./support/gate-world.js";
import { prEvent, protectionRuleRequested } from "./support/pr-webhooks.js";
import { webhookProblems } from "./support/webhooks.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

const evaluate = securityGateWorld;

describe("security criterion in the pull-request gate", () => {
  it("passes below the thresholds and links the alert lists", async () => {
    const { w, run } = await evaluate("{ codeScanning: { maxCritical: 0, maxHigh: 3 } }", (w) => {
      const s = securityOf(w.fake);
      s.codeScanning.push(
        codeScanningAlert(4, "high", mergeRef(w.pr.number)),
        codeScanningAlert(5, "medium", mergeRef(w.pr.number)),
        // On another ref: not this pull request's.
        codeScanningAlert(6, "critical", "refs/heads/main"),
      );
      s.dependabot.push(dependabotAlert(1, "low"));
    });
    expect(run).toMatchObject({ conclusion: "success", output: { title: "Go: every criterion is met" } });
    expect(run?.output.summary).toContain(
      "| ✅ | Code scanning alerts | ≤ 0 critical, ≤ 3 high | [0 critical, 1 high, 1 medium](https://github.com/octo-org/launchpad/security/code-scanning?query=is%3Aopen%20ref%3Arefs%2Fpull%2F2%2Fmerge) | blocking |",
    );
    expect(run?.output.summary).toContain(
      "| ✅ | Dependabot alerts | ≤ 0 critical, ≤ 0 high | [0 critical, 0 high, 1 low]",
    );
    expect(run?.output.summary).toContain("| ✅ | Secret scanning alerts | ≤ 0 open | [0 open]");
    expect(w.served.violations).toEqual([]);
  });

  it("fails above a threshold, naming the counts and linking each alert over it", async () => {
    const { w, run } = await evaluate("{ codeScanning: { maxCritical: 0, maxHigh: 1 } }", (w) => {
      const s = securityOf(w.fake);
      for (const n of [7, 8]) s.codeScanning.push(codeScanningAlert(n, "high", mergeRef(w.pr.number)));
      s.codeScanning.push(codeScanningAlert(9, "critical", mergeRef(w.pr.number)));
      s.secretScanning.push(secretAlert(2));
    });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toBe(
      "No-go: code scanning: 1 critical > 0, 2 high > 1; secret scanning: 1 open > 0",
    );
    expect(run?.output.summary).toContain(
      "[9 js/rule-9](https://github.com/octo-org/launchpad/security/code-scanning/9), [7 js/rule-7](https://github.com/octo-org/launchpad/security/code-scanning/7), [8 js/rule-8]",
    );
    expect(run?.output.summary).toContain(
      "[2 Adafruit IO Key](https://github.com/octo-org/launchpad/security/secret-scanning/2)",
    );
    expect(w.served.violations).toEqual([]);
  });

  it("fails closed with GitHub's reason when a feature is off", async () => {
    const { w, run } = await evaluate("{}", (w) => {
      const s = securityOf(w.fake);
      s.errors.codeScanning = GITHUB_SAYS.advancedSecurityOff;
      s.errors.secretScanning = GITHUB_SAYS.secretScanningOff;
    });
    expect(run?.conclusion).toBe("failure");
    // The title is cut at GitHub's 255 characters; the summary has every reason.
    expect(run?.output.title).toMatch(
      /^No-go: code scanning: code scanning is not available for this repository \(GitHub answered 403 "Advanced Security must be enabled for this repository to use code scanning."\); secret scanning: /,
    );
    expect(run?.output.summary).toContain(
      '| ❌ | Secret scanning alerts | ≤ 0 open | unreadable: secret scanning is off for this repository (GitHub answered 404 "Secret scanning is disabled on this repository.") | blocking |',
    );
    expect(run?.output.summary).toContain(
      "| ❌ | Code scanning alerts | ≤ 0 critical, ≤ 0 high | unreadable: code scanning is not available",
    );
    expect(w.served.violations).toEqual([]);
  });

  it("fails closed when code scanning has no analysis for the ref", async () => {
    const { run } = await evaluate("{ dependabot: { level: off }, secretScanning: { level: off } }", (w) => {
      securityOf(w.fake).errors.codeScanning = GITHUB_SAYS.noAnalysis;
    });
    expect(run?.output.title).toBe(
      'No-go: code scanning: code scanning has no analysis for refs/pull/2/merge (GitHub answered 404 "no analysis found")',
    );
  });

  it("fails closed, naming the permission, when the app lacks it", async () => {
    const { run } = await evaluate(
      "{ codeScanning: { level: off }, secretScanning: { level: off } }",
      (w) => {
        securityOf(w.fake).errors.dependabot = GITHUB_SAYS.noPermission;
      },
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(
      '| ❌ | Dependabot alerts | ≤ 0 critical, ≤ 0 high | unreadable: Flightdeck cannot read Dependabot alerts: the app lacks the "Dependabot alerts: read" (`vulnerability_alerts`) permission (GitHub answered 403 "Resource not accessible by integration"); accept the new permissions in the installation\'s settings | blocking |',
    );
  });

  it("warns instead of blocking at level warn, and reads nothing for a source at level off", async () => {
    const { w, run, calls } = await evaluate(
      "{ codeScanning: { level: off }, dependabot: { maxHigh: 0, level: warn }, secretScanning: { level: off } }",
      (w) => {
        securityOf(w.fake).dependabot.push(dependabotAlert(3, "high"), dependabotAlert(4, "critical"));
      },
    );
    expect(run).toMatchObject({
      conclusion: "neutral",
      output: { title: "Go with warnings: Dependabot: 1 critical > 0, 1 high > 0" },
    });
    expect(calls).toContain("dependabot/list-alerts-for-repo");
    expect(calls).not.toContain("code-scanning/list-alerts-for-repo");
    expect(calls).not.toContain("secret-scanning/list-alerts-for-repo");
    expect(w.served.violations).toEqual([]);
  });

  it("reads every page of alerts (Dependabot's cursor pages included)", async () => {
    const { run, calls } = await evaluate("{ dependabot: { maxCritical: 0, maxHigh: 500 } }", (w) => {
      for (let n = 1; n <= 250; n++) securityOf(w.fake).dependabot.push(dependabotAlert(n, "high"));
    });
    expect(calls.filter((c) => c === "dependabot/list-alerts-for-repo")).toHaveLength(3);
    expect(run?.output.summary).toContain("[0 critical, 250 high]");
  });

  it("is not checked (no security request) when the policy has no security", async () => {
    const w = await gateWorld();
    await w.deliver("pull_request", prEvent("opened", w.pr, "dev"));
    await w.settle();
    expect(w.served.calls.some((c) => /scanning|dependabot/.test(c))).toBe(false);
    expect(w.gate()[0]?.output.summary).not.toContain("Code scanning");
  });
});

describe("security criterion in the deployment rule", () => {
  it("rejects a deployment over the limits, and fails closed when the permission is missing", async () => {
    const config = [
      "gates:",
      "  deployments:",
      "    production:",
      "      pullRequestGate: off",
      "      p0Bugs: { level: off }",
      "      security: { codeScanning: { maxCritical: 0, maxHigh: 3 }, secretScanning: { level: off } }",
    ].join("\n");
    const w = await gateWorld(config);
    // The deployed commit is on the default branch and its QA report came from a workflow run.
    w.fake.defaultBranchCommits.add(SHA1);
    w.addQaRun(SHA1, reportCheckOutput(stampedQa(SHA1, 90, 12_000_990_001)), "2026-11-20T10:00:00Z", {
      runId: 12_000_990_001,
    });
    const s = securityOf(w.fake);
    s.codeScanning.push(codeScanningAlert(11, "critical", "refs/heads/main"));
    const request = async (runId: number) => {
      const payload = protectionRuleRequested("production", SHA1, runId);
      expect(webhookProblems("deployment_protection_rule", "requested", payload)).toEqual([]);
      await w.deliver("deployment_protection_rule" as never, payload);
      await w.settle();
      return w.fake.ruleAnswers.at(-1);
    };
    const rejected = await request(81);
    expect(rejected?.state).toBe("rejected");
    expect(rejected?.comment).toContain("- ❌ code scanning: 1 critical > 0");

    s.codeScanning = [];
    s.errors.dependabot = GITHUB_SAYS.noPermission;
    const closed = await request(82);
    expect(closed?.state).toBe("rejected");
    expect(closed?.comment).toContain(
      'Dependabot: Flightdeck cannot read Dependabot alerts: the app lacks the "Dependabot alerts: read"',
    );

    delete s.errors.dependabot;
    const approved = await request(83);
    expect(approved?.state).toBe("approved");
    expect(approved?.comment).toContain("✅ code scanning: 0 critical, 0 high within limits");
    expect(approved?.comment.length ?? 0).toBeLessThanOrEqual(1024);
  });
});
