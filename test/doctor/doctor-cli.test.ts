import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import type { CliIo } from "../../src/cli/io.js";
import { flightdeckOctokitClass } from "../../src/github/octokit.js";
import type { LlmClient } from "../../src/planner/llm.js";
import { testOctokit } from "../support/octokit.js";
import { DOCTOR_APP_ID, FULL_INSTALLATION, serveDoctorWorld } from "./github-fixtures.js";

const PEM = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

function io(env: Record<string, string> = { GITHUB_TOKEN: "ghs_cli" }) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => "",
    env,
    now: () => new Date("2026-12-06T09:00:00Z"),
    octokit: () => testOctokit(),
    appOctokitClass: flightdeckOctokitClass({ throttle: false }),
  };
  return { cli, out: () => out.join("\n"), err: () => err.join("\n") };
}

describe("flightdeck doctor", () => {
  it("reports every line with a token, and says what only the app can check", async () => {
    const scope = serveDoctorWorld();
    const t = io();
    expect(
      await runCli(["doctor", "--repo", "octo-org/launchpad", "--app-id", String(DOCTOR_APP_ID)], t.cli),
    ).toBe(0);
    expect(scope.isDone()).toBe(true);
    const out = t.out();
    expect(out).toMatch(/^PASS {2}Config +octo-org\/launchpad:\.github\/flightdeck\.yml is valid/m);
    expect(out).toMatch(
      /^PASS {2}Required check on main +"Flightdeck Go\/No-Go" is required from this App \(ruleset\)/m,
    );
    expect(out).toMatch(
      /^PASS {2}Environment production +Flightdeck's rule and 1 required reviewer are set/m,
    );
    expect(out).toMatch(/^PASS {2}QA workflow +\.github\/workflows\/qa\.yml ran on main 2026-12-05/m);
    expect(out).toMatch(
      /^WARN {2}Permissions and events +not checked: a personal or workflow token cannot read it/m,
    );
    expect(out).toMatch(/^WARN {2}Webhook deliveries +not checked/m);
    // Says how to enable the App-only lines.
    expect(out).toContain("set APP_ID (or --app-id) and PRIVATE_KEY (the App's PEM key) or PRIVATE_KEY_PATH");
    expect(out).toContain("Cleared for launch, with 2 warnings.");
  });

  it("reads the installation and webhook deliveries as the App with APP_ID and PRIVATE_KEY", async () => {
    const scope = serveDoctorWorld({ app: { ...FULL_INSTALLATION, failedDeliveries: 1 } });
    const t = io({ GITHUB_TOKEN: "ghs_cli", APP_ID: String(DOCTOR_APP_ID), PRIVATE_KEY: PEM });
    expect(await runCli(["doctor", "--repo", "octo-org/launchpad"], t.cli)).toBe(0);
    expect(scope.isDone()).toBe(true);
    const out = t.out();
    expect(out).toMatch(
      /^PASS {2}Permissions and events +the installation has every permission and event the config uses/m,
    );
    expect(out).toMatch(
      /^WARN {2}Webhook deliveries +1 failed delivery in the last 24 h: issues\.labeled → 503/m,
    );
    expect(out + t.err()).not.toContain("PRIVATE KEY");
  });

  it("reads the month's spend from the ledger with the App's id, and says what is missing without it", async () => {
    const config = "gates:\n  deployments:\n    production: {}\nbudget:\n  monthlyUsd: 40\n";
    const scope = serveDoctorWorld({ config, ledger: true });
    const t = io();
    await runCli(["doctor", "--repo", "octo-org/launchpad", "--app-id", String(DOCTOR_APP_ID)], t.cli);
    expect(scope.isDone()).toBe(true);
    expect(t.out()).toMatch(/^PASS {2}Budget +spent \$0\.00 of \$40\.00/m);
    const unknown = serveDoctorWorld({ config });
    const u = io();
    await runCli(["doctor", "--repo", "octo-org/launchpad"], u.cli);
    expect(unknown.isDone()).toBe(true);
    expect(u.out()).toMatch(/^WARN {2}Budget +a budget is configured but its spend is unknown/m);
    expect(u.out()).toContain("Pass the App's id (--app-id / APP_ID");
  });

  it("refuses a private key that is not a PEM key without printing it", async () => {
    const t = io({ GITHUB_TOKEN: "ghs_cli", APP_ID: "4242", PRIVATE_KEY: "s3cr3t-not-a-key" });
    expect(await runCli(["doctor", "--repo", "octo-org/launchpad"], t.cli)).toBe(2);
    expect(t.err()).toBe("flightdeck: PRIVATE_KEY is not a PEM private key (-----BEGIN … PRIVATE KEY-----)");
    const f = io({ GITHUB_TOKEN: "ghs_cli", APP_ID: "4242" });
    expect(
      await runCli(
        ["doctor", "--repo", "octo-org/launchpad", "--private-key-path", "/nonexistent.pem"],
        f.cli,
      ),
    ).toBe(2);
    expect(f.err()).toBe("flightdeck: --private-key-path: cannot read /nonexistent.pem (ENOENT)");
  });

  it("exits 1 with the failing lines when the repository is not cleared", async () => {
    serveDoctorWorld({ labels: ["bug"], rulesets: [], environment: "missing", qaRunAt: null });
    const t = io();
    expect(
      await runCli(["doctor", "--repo", "octo-org/launchpad", "--app-id", String(DOCTOR_APP_ID)], t.cli),
    ).toBe(1);
    expect(t.out()).toMatch(/^FAIL {2}Labels .*the trigger label "epic" does not exist/m);
    expect(t.out()).toMatch(
      /^FAIL {2}Required check on main +"Flightdeck Go\/No-Go" is not a required status check/m,
    );
    expect(t.out()).toMatch(/^FAIL {2}Environment production +the environment does not exist/m);
    expect(t.out()).toMatch(/^WARN {2}QA workflow +\.github\/workflows\/qa\.yml has never run on main/m);
    expect(t.err()).toBe("flightdeck: Not cleared for launch: 3 checks failed, 3 warnings.");
  });

  it("reads classic branch protection's required checks without Administration", async () => {
    serveDoctorWorld({
      rulesets: [],
      protection: {
        enabled: true,
        required_status_checks: {
          enforcement_level: "everyone",
          contexts: ["Flightdeck Go/No-Go"],
          checks: [{ context: "Flightdeck Go/No-Go", app_id: null }],
        },
      },
    });
    const t = io();
    await runCli(
      ["doctor", "--repo", "octo-org/launchpad", "--app-id", String(DOCTOR_APP_ID), "--json"],
      t.cli,
    );
    const report = JSON.parse(t.out());
    expect(report.lines.find((l: { check: string }) => l.check === "Required check on main")).toMatchObject({
      status: "WARN",
      detail: expect.stringContaining("(branch protection) from any source"),
    });
  });

  it("makes one tiny model call only with --check-llm", async () => {
    const calls: unknown[] = [];
    const llm: LlmClient = {
      createMessage: async (req) => {
        calls.push(req);
        return { usage: { input_tokens: 11, output_tokens: 1 } } as never;
      },
    };
    serveDoctorWorld();
    const t = io({ GITHUB_TOKEN: "ghs_cli", ANTHROPIC_API_KEY: "sk-test" });
    const { doctorCommand } = await import("../../src/cli/doctor.js");
    await doctorCommand({ repo: "octo-org/launchpad", appId: "4242", checkLlm: true, llm }, t.cli);
    expect(calls).toEqual([expect.objectContaining({ model: "claude-sonnet-5-5", max_tokens: 1 })]);
    expect(t.out()).toMatch(
      /^PASS {2}LLM +key set, model claude-sonnet-5-5 known; test call answered \(11 input and 1 output tokens\)/m,
    );
  });

  it("refuses bad options with a clear message", async () => {
    let t = io();
    expect(await runCli(["doctor", "--repo", "not-a-repo"], t.cli)).toBe(2);
    expect(t.err()).toBe('flightdeck: --repo must be OWNER/NAME, got "not-a-repo"');
    t = io({});
    expect(await runCli(["doctor", "--repo", "octo-org/launchpad"], t.cli)).toBe(2);
    expect(t.err()).toBe(
      "flightdeck: GITHUB_TOKEN is not set: a token with read access to the repository is needed.",
    );
    t = io();
    expect(await runCli(["doctor", "--repo", "octo-org/launchpad", "--app-id", "x"], t.cli)).toBe(2);
    expect(t.err()).toBe('flightdeck: --app-id must be a positive whole number, got "x"');
  });
});
