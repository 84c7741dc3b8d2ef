import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { ledgerMarker, parseSpendComment } from "../../src/budget/ledger.js";
import { runCli } from "../../src/cli/index.js";
import type { CliIo } from "../../src/cli/io.js";
import { flightdeckOctokitClass } from "../../src/github/octokit.js";
import { BOT, FLIGHTDECK_APP } from "../support/fake-github.js";
import { checkContracts, serveGitHub } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";
import { standupWorld } from "./world.js";

function io(now: string, env: Record<string, string> = { GITHUB_TOKEN: "ghs_cli" }) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => "",
    env,
    now: () => new Date(now),
    octokit: () => testOctokit(),
    appOctokitClass: flightdeckOctokitClass({ throttle: false }),
  };
  return { cli, out: () => out.join("\n"), err: () => err.join("\n") };
}
const REPO = ["--repo", "octo-org/launchpad"];

describe("flightdeck standup", () => {
  it("prints every open epic's digest without writing", async () => {
    const { fake } = standupWorld();
    const served = serveGitHub(fake, ["graphql", "GET"]);
    const t = io("2026-12-07T09:00:00Z");
    const code = await runCli(["standup", ...REPO], t.cli);
    expect(t.err()).toBe("");
    expect(code).toBe(0);
    const out = t.out();
    expect(out).toContain("### 🛰️ Standup — epic #1 Epic: Usage-based billing · 2026-12-07");
    expect(out).toContain("Since 2026-12-06 09:00 UTC: **0 done** · 1 in progress · 1 blocked");
    expect(out).toContain("- 🔨 In progress: #3 Metering API (PR #40)");
    expect(out).toContain("- ⛔ Blocked: #4 Invoices — blocked by #3 Metering API");
    // 6 h + 24 h from Monday 30 Nov at 30 h a week: the metering API was due before today.
    expect(out).toMatch(
      /- ⏰ At risk: #3 Metering API — on the critical path, forecast to finish 2026-12-0[1-4]/,
    );
    expect(fake.log.filter((r) => r.method !== "GET" && r.writes > 0)).toEqual([]);
    expect(served.calls).toEqual([
      "repos/get",
      "repos/get-content", // .github/flightdeck.yml here, then in the organization's .github
      "repos/get-content",
      "issues/list-for-repo",
      "graphql:EpicTasks",
    ]);
    expect(served.violations).toEqual([]);
  });

  it("posts one digest per day, updates it on a re-run, and starts the next from it", async () => {
    const { fake, tasks } = standupWorld();
    // The 11:00 update is the last digest: the next one counts from it.
    serveGitHub(fake, ["graphql", "GET", "POST"]);
    let t = io("2026-12-07T09:00:00Z");
    expect(await runCli(["standup", ...REPO, "--epic", "1", "--since", "2026-12-04", "--post"], t.cli)).toBe(
      0,
    );
    expect(t.out()).toBe("octo-org/launchpad#1: standup created");
    const digests = () =>
      fake.comments.filter((c) => c.author === BOT && c.body.includes("flightdeck:standup"));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.body).toContain("- ✅ Done: #2 Schema");

    t = io("2026-12-07T10:00:00Z");
    await runCli(["standup", ...REPO, "--epic", "1", "--since", "2026-12-04", "--post"], t.cli);
    expect(t.out()).toBe("octo-org/launchpad#1: standup unchanged");
    (tasks[3] as (typeof tasks)[number]).assignees = ["bob"];
    t = io("2026-12-07T11:00:00Z");
    await runCli(["standup", ...REPO, "--epic", "1", "--since", "2026-12-04", "--post"], t.cli);
    expect(t.out()).toBe("octo-org/launchpad#1: standup updated");
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.body).toContain("- 🔨 In progress: #5 Docs");

    // Days later: done since the last digest; its risks are not new, the invoices now are late.
    const t2 = tasks[1] as (typeof tasks)[number];
    t2.state = "CLOSED";
    t2.closedAt = "2026-12-07T15:00:00Z";
    t = io("2026-12-10T09:00:00Z");
    await runCli(["standup", ...REPO, "--epic", "1", "--post"], t.cli);
    expect(t.out()).toBe("octo-org/launchpad#1: standup created");
    const today = digests()[1]?.body ?? "";
    expect(today).toContain("Since 2026-12-07 11:00 UTC: **1 done**");
    expect(today).toContain("- ✅ Done: #3 Metering API");
    expect(today).toMatch(
      /\*\*New risks\*\*\n- #4 Invoices — on the critical path, forecast to finish 2026-12-0\d, \d working days? late\n/,
    );
  });

  it("opens with the AI summary only with --summary and a key", async () => {
    let t = io("2026-12-07T09:00:00Z");
    expect(await runCli(["standup", ...REPO, "--summary"], t.cli)).toBe(2);
    expect(t.err()).toBe("flightdeck: --summary needs ANTHROPIC_API_KEY (the digest itself needs no model)");
    const { fake } = standupWorld();
    serveGitHub(fake, ["graphql", "GET"]);
    t = io("2026-12-07T09:00:00Z");
    const answer = JSON.parse(
      readFileSync(new URL("../fixtures/anthropic/standup-summary.json", import.meta.url), "utf8"),
    );
    const { standupCommand } = await import("../../src/cli/standup.js");
    await standupCommand(
      { repo: "octo-org/launchpad", epic: "1", summary: true, llm: { createMessage: async () => answer } },
      t.cli,
    );
    expect(t.out()).toMatch(/> _Summary \(AI, from the facts below, \$0\.\d{4}\):_ Task #\u200b2 is done/);
    // Without the App's credentials the cost cannot go into the ledger: the CLI says so.
    expect(t.err()).toBe(
      "warning: #1: the AI summary's cost ($0.0017) is not recorded in the budget ledger: only the Flightdeck App writes it (a personal or workflow token's comments are not counted); set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) so the CLI reads and writes the ledger as the App, or use /flightdeck standup in the app",
    );
  });

  const recorded = () =>
    JSON.parse(readFileSync(new URL("../fixtures/anthropic/standup-summary.json", import.meta.url), "utf8"));

  it("refuses the summary when a budget is set and the ledger cannot be read (no APP_ID)", async () => {
    const { fake } = standupWorld();
    fake.files.set(".github/flightdeck.yml", "budget:\n  monthlyUsd: 5\n");
    serveGitHub(fake, ["graphql", "GET"]);
    const calls: unknown[] = [];
    const t = io("2026-12-07T09:00:00Z");
    const { standupCommand } = await import("../../src/cli/standup.js");
    const llm = {
      createMessage: async (r: unknown) => {
        calls.push(r);
        return recorded();
      },
    };
    await standupCommand({ repo: "octo-org/launchpad", epic: "1", summary: true, llm }, t.cli);
    expect(calls).toEqual([]);
    expect(t.out()).not.toContain("Summary (AI");
    expect(t.err()).toContain(
      "warning: no AI summary for #1: the budget (budget.monthlyUsd / perEpicUsd) cannot be checked without the App's id",
    );
  });

  it("with APP_ID and PRIVATE_KEY, records the summary's cost in the ledger as the App", async () => {
    const { fake } = standupWorld();
    fake.files.set(".github/flightdeck.yml", "budget:\n  monthlyUsd: 5\n");
    // The App's installation for the repository and its token (JWT-signed requests).
    checkContracts(nock("https://api.github.com"))
      .get("/repos/octo-org/launchpad/installation")
      .reply(200, { id: 5, app_id: FLIGHTDECK_APP.id, permissions: {}, events: [] })
      .post("/app/installations/5/access_tokens")
      .reply(201, { token: "ghs_installation", expires_at: "2026-12-07T10:00:00Z" });
    serveGitHub(fake, ["graphql", "GET", "POST"]);
    const pem = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    }).privateKey;
    const t = io("2026-12-07T09:00:00Z", {
      GITHUB_TOKEN: "ghs_cli",
      APP_ID: String(FLIGHTDECK_APP.id),
      PRIVATE_KEY: pem,
    });
    const { standupCommand } = await import("../../src/cli/standup.js");
    const llm = { createMessage: async () => recorded() };
    await standupCommand({ repo: "octo-org/launchpad", epic: "1", summary: true, llm }, t.cli);
    expect(t.out()).toContain("Summary (AI, from the facts below, $0.0017)");
    expect(t.err()).toBe("note: #1: the AI summary's cost ($0.0017) is recorded in the budget ledger");
    const ledger = [...fake.issues.values()].find((i) => i.body.includes(ledgerMarker("2026-12")));
    const entries = fake.comments
      .filter((c) => c.issue === ledger?.number)
      .flatMap((c) => parseSpendComment(c.body)?.entries ?? []);
    expect(entries).toEqual([
      expect.objectContaining({ purpose: "standup", issue: 1, epic: 1, inputTokens: 612, outputTokens: 48 }),
    ]);
    expect(t.out() + t.err()).not.toContain("PRIVATE KEY");
  });

  it("refuses a bad --since and an unknown epic with a clear message", async () => {
    let t = io("2026-12-07T09:00:00Z");
    expect(await runCli(["standup", ...REPO, "--since", "yesterday"], t.cli)).toBe(2);
    expect(t.err()).toBe(
      'flightdeck: --since must be a date like 2026-12-01 or a time like 2026-12-01T09:00:00Z, got "yesterday"',
    );
    const { fake } = standupWorld();
    serveGitHub(fake, ["graphql", "GET"]);
    t = io("2026-12-07T09:00:00Z");
    expect(await runCli(["standup", ...REPO, "--epic", "99"], t.cli)).toBe(1);
    expect(t.err()).toBe("flightdeck: Issue #99 was not found in octo-org/launchpad.");
  });
});
