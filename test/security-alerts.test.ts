import { beforeAll, describe, expect, it, vi } from "vitest";
import { listOpenPulls } from "../src/github/open-pulls.js";
import type { Job } from "../src/jobs/job.js";
import { coalescing, mergeJobs } from "../src/jobs/registry.js";
import { githubSchema } from "./support/fake-github.js";
import {
  codeScanningAlert,
  dependabotAlert,
  mergeRef,
  secretAlert,
  securityOf,
} from "./support/fake-github-security.js";
import { gateWorld, SHA2, securityGateWorld } from "./support/gate-world.js";
import { serveGitHub } from "./support/nock-github.js";
import { testOctokit } from "./support/octokit.js";
import {
  codeScanningAlertEvent,
  dependabotAlertEvent,
  secretScanningAlertEvent,
} from "./support/security-webhooks.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

/** A gate world whose pull request #2 was evaluated once, with `security` as its policy. */
async function evaluated(security: string) {
  const { w, run } = await securityGateWorld(security);
  expect(run?.conclusion).toBe("success");
  return w;
}

describe("security alerts re-evaluate the gates they can change", () => {
  it("a code scanning alert on a pull request's merge ref re-evaluates that pull request", async () => {
    const w = await evaluated("{ codeScanning: { maxHigh: 0 } }");
    const other = w.fake.addPull(SHA2, "dev");
    securityOf(w.fake).codeScanning.push(codeScanningAlert(4, "high", mergeRef(w.pr.number)));
    await w.deliver("code_scanning_alert", codeScanningAlertEvent("created", mergeRef(w.pr.number), 4));
    await w.settle();
    expect(w.gate()[0]).toMatchObject({
      conclusion: "failure",
      output: { title: expect.stringContaining("code scanning: 1 high > 0") },
    });
    // Only #2 was read again: the other open pull request has no gate run yet.
    expect(w.gate(other.headSha)).toEqual([]);

    securityOf(w.fake).codeScanning.length = 0;
    await w.deliver("code_scanning_alert", codeScanningAlertEvent("fixed", mergeRef(w.pr.number), 4));
    await w.settle();
    expect(w.gate()[0]?.conclusion).toBe("success");
    expect(w.served.violations).toEqual([]);
  });

  it("a person dismissing an alert (no ref) and a Dependabot alert re-evaluate every open pull request", async () => {
    const w = await evaluated("{ codeScanning: { maxHigh: 0 }, dependabot: { maxHigh: 0 } }");
    const other = w.fake.addPull(SHA2, "dev");
    const closed = w.fake.addPull("3".repeat(40), "dev");
    closed.state = "closed";
    securityOf(w.fake).dependabot.push(dependabotAlert(1, "high"));
    await w.deliver("dependabot_alert", dependabotAlertEvent("created", 1));
    await w.settle();
    expect(w.gate()[0]?.output.title).toContain("Dependabot: 1 high > 0");
    expect(w.gate(other.headSha)[0]?.output.title).toContain("Dependabot: 1 high > 0");
    expect(w.gate(closed.headSha)).toEqual([]);

    securityOf(w.fake).dependabot.length = 0;
    await w.deliver("code_scanning_alert", codeScanningAlertEvent("closed_by_user", ""));
    await w.settle();
    expect(w.gate()[0]?.conclusion).toBe("success");
    expect(w.gate(other.headSha)[0]?.conclusion).toBe("success");
    expect(w.served.violations).toEqual([]);
  });

  it("a secret-scanning alert opened or resolved re-evaluates every open pull request", async () => {
    const w = await evaluated("{ codeScanning: { level: off }, dependabot: { level: off } }");
    const other = w.fake.addPull(SHA2, "dev");
    securityOf(w.fake).secretScanning.push(secretAlert(2));
    await w.deliver("secret_scanning_alert", secretScanningAlertEvent("created", 2));
    await w.settle();
    expect(w.gate()[0]?.output.title).toContain("secret scanning: 1 open > 0");
    expect(w.gate(other.headSha)[0]?.output.title).toContain("secret scanning: 1 open > 0");
    securityOf(w.fake).secretScanning.length = 0;
    await w.deliver("secret_scanning_alert", secretScanningAlertEvent("resolved", 2));
    await w.settle();
    expect(w.gate()[0]?.conclusion).toBe("success");
    expect(w.gate(other.headSha)[0]?.conclusion).toBe("success");
    expect(w.served.violations).toEqual([]);
  });

  it("reads nothing beyond the config when the gate does not read the source, or the alert is on a branch", async () => {
    const w = await evaluated("{ dependabot: { level: off } }");
    const before = w.fake.log.length;
    await w.deliver("code_scanning_alert", codeScanningAlertEvent("created", "refs/heads/main"));
    await w.settle();
    expect(w.fake.log.length).toBe(before);
    await w.deliver("dependabot_alert", dependabotAlertEvent("fixed"));
    await w.settle();
    const read = w.fake.log.slice(before).map((r) => decodeURIComponent(r.path));
    expect(read).toEqual(["/repos/octo-org/launchpad/contents/.github/flightdeck.yml"]);
    expect(w.fake.writeCount).toBeGreaterThan(0);
  });
});

describe("gate.security jobs", () => {
  const job = (sources: Array<"codeScanning" | "dependabot">, pull?: number): Job<"gate.security"> => ({
    kind: "gate.security",
    key: "octo-org/launchpad:security-alerts",
    installationId: 1,
    deliveryId: "d",
    data: { owner: "octo-org", repo: "launchpad", defaultBranch: "main", sources, ...(pull ? { pull } : {}) },
  });

  it("fold the alerts of one analysis into one fan-out; different pull requests widen it to every one", () => {
    expect(mergeJobs(job(["codeScanning"], 2), job(["codeScanning"], 2))?.data).toMatchObject({ pull: 2 });
    const wide = mergeJobs(job(["codeScanning"], 2), job(["dependabot"], 3))?.data;
    expect(wide).toMatchObject({ sources: ["codeScanning", "dependabot"] });
    expect(wide).not.toHaveProperty("pull");
    // A first-wins store folds only jobs that would read the same sources for the same pull requests.
    expect(coalescing(job(["codeScanning"], 2))?.id).not.toBe(coalescing(job(["dependabot"], 2))?.id);
    expect(coalescing(job(["codeScanning"]))?.id).toBe(coalescing(job(["codeScanning"]))?.id);
  });
});

describe("listOpenPulls", () => {
  it("reads at most the given pages, most recently updated first, and says when there were more", async () => {
    const w = await gateWorld();
    for (let i = 0; i < 101; i++) w.fake.addPull(i.toString(16).padStart(40, "a"), "dev");
    const served = serveGitHub(w.fake, ["GET"]);
    const octokit = testOctokit();
    const repo = { owner: "octo-org", repo: "launchpad" };
    const one = await listOpenPulls(octokit, repo, 1);
    expect(one).toMatchObject({ truncated: true });
    expect(one.pulls).toHaveLength(100);
    const all = await listOpenPulls(octokit, repo);
    expect(all).toMatchObject({ truncated: false });
    expect(all.pulls).toHaveLength(102);
    expect(served.violations).toEqual([]);
  });
});
