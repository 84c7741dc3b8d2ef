import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import type { CliIo } from "../../src/cli/io.js";
import { BOT } from "../support/fake-github.js";
import { serveGitHub } from "../support/nock-github.js";
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
