import { describe, expect, it } from "vitest";
import { SecurityPolicy } from "../../src/config/security-schema.js";
import { activeSources, alertLinks, securityCriteria } from "../../src/gates/security.js";

const alert = (
  number: number,
  severity: "critical" | "high" | "medium" | "low",
  title = `rule-${number}`,
) => ({
  number,
  severity,
  title,
  url: `https://github.com/o/r/security/code-scanning/${number}`,
});

describe("security criteria (pure)", () => {
  it("judges each source against its limits; unset severities are unlimited", () => {
    const policy = SecurityPolicy.parse({
      codeScanning: { maxHigh: 1, maxMedium: 2 },
      dependabot: { level: "off" },
      secretScanning: { level: "warn" },
    });
    expect(activeSources(policy)).toEqual(["codeScanning", "secretScanning"]);
    const [code, secret] = securityCriteria(policy, {
      ref: "refs/heads/main",
      findings: {
        codeScanning: {
          ok: true,
          listUrl: "L",
          alerts: [
            alert(1, "high"),
            alert(2, "medium"),
            alert(3, "medium"),
            alert(4, "medium"),
            alert(5, "low"),
          ],
          truncated: true,
        },
        secretScanning: { ok: true, listUrl: "S", alerts: [] },
      },
    });
    expect(code).toMatchObject({
      status: "fail",
      level: "block",
      required: "≤ 0 critical, ≤ 1 high, ≤ 2 medium",
      reason: "code scanning: 3+ medium > 2",
    });
    expect(code?.actual).toBe(
      "[0+ critical, 1+ high, 3+ medium, 1+ low](L) — [2 rule-2](https://github.com/o/r/security/code-scanning/2), [3 rule-3](https://github.com/o/r/security/code-scanning/3), [4 rule-4](https://github.com/o/r/security/code-scanning/4)",
    );
    expect(secret).toMatchObject({
      status: "pass",
      level: "warn",
      reason: "secret scanning: 0 open within limits",
    });
  });

  it("fails closed for a source that was not read, and is empty without a policy", () => {
    const [c] = securityCriteria(
      SecurityPolicy.parse({ dependabot: { level: "off" }, secretScanning: { level: "off" } }),
      { ref: "r", findings: {} },
    );
    expect(c).toMatchObject({ status: "fail", reason: "code scanning: code scanning alerts were not read" });
    expect(securityCriteria(undefined, { ref: "r", findings: {} })).toEqual([]);
  });

  it("links at most five alerts, most severe first, with sanitized titles", () => {
    const links = alertLinks([
      alert(9, "low"),
      alert(1, "critical", "@admin see #4 <b>x</b> [y]"),
      ...[2, 3, 4, 5, 6].map((n) => alert(n, "high")),
    ]);
    expect(links).toMatch(/^\[1 @\u200badmin see #\u200b4 <\u200bb>x<\u200b\/b> {2}y \]\(/);
    expect(links).toMatch(/and 2 more alerts$/);
  });
});
