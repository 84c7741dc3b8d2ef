import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { standupWorld } from "../standup/world.js";
import { BOT } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

describe("standup Action (bundled)", () => {
  it("posts one digest per open epic and day, with the job summary and outputs", async () => {
    const { fake } = standupWorld();
    const server = await serveOverHttp(fake);
    closers.push(server.close);
    const env = { env: { GITHUB_API_URL: server.url } };
    const inputs = { github_token: "ghs_workflow", post: "true", epic: "", since: "" };
    const first = await runBundledAction("standup", inputs, env);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toEqual({ epics: "1", posted: "1" });
    expect(first.summary).toContain("## Flightdeck standup");
    expect(first.summary).toContain("### 🛰️ Standup — epic #1 Epic: Usage-based billing");
    expect(first.summary).toContain("- ⛔ Blocked: #4 Invoices — blocked by #3 Metering API");
    const digests = () =>
      fake.comments.filter((c) => c.author === BOT && c.body.includes("<!-- flightdeck:standup epic=1 "));
    expect(digests()).toHaveLength(1);
    expect(server.calls).toContain("graphql:EpicTasks");

    // A re-run the same day converges on the same comment.
    const again = await runBundledAction("standup", inputs, env);
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.posted).toBe("0");
    expect(digests()).toHaveLength(1);
    expect(server.violations).toEqual([]);
  });

  it("opens with the AI summary from the anthropic-api-key input, masked, and says the cost is not in the ledger", async () => {
    const { fake } = standupWorld();
    const server = await serveOverHttp(fake);
    closers.push(server.close);
    // Claude, recorded: the bundle's SDK goes to ANTHROPIC_BASE_URL.
    const answer = readFileSync(
      new URL("../fixtures/anthropic/standup-summary.json", import.meta.url),
      "utf8",
    );
    const keys: string[] = [];
    const claude = createServer((req, res) => {
      // The SDK sends the key as x-api-key or as a bearer token, depending on its version.
      keys.push(String(req.headers["x-api-key"] ?? req.headers.authorization));
      req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(answer));
    });
    await new Promise<void>((r) => claude.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise((r) => claude.close(() => r())));
    const base = `http://127.0.0.1:${(claude.address() as AddressInfo).port}`;
    const run = await runBundledAction(
      "standup",
      {
        github_token: "ghs_workflow",
        post: "true",
        epic: "1",
        since: "",
        anthropic_api_key: "sk-ant-test-key",
        app_id: "",
      },
      { env: { GITHUB_API_URL: server.url, ANTHROPIC_BASE_URL: base } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(keys).toEqual([expect.stringContaining("sk-ant-test-key")]);
    expect(run.stdout).toContain("::add-mask::sk-ant-test-key");
    expect(run.summary).toContain("> _Summary (AI, from the facts below, $0.0017):_ Task #\u200b2 is done");
    expect(run.stdout).toContain(
      "::warning::#1: the AI summary's cost ($0.0017) is not recorded in the budget ledger",
    );
    expect(run.summary).toContain("this Action holds no App key by design");
    expect(server.violations).toEqual([]);
  });

  it("refuses the AI summary when a budget is set and no app-id lets it read the ledger", async () => {
    const { fake } = standupWorld();
    fake.files.set(".github/flightdeck.yml", "budget:\n  monthlyUsd: 5\n");
    const server = await serveOverHttp(fake);
    closers.push(server.close);
    const run = await runBundledAction(
      "standup",
      {
        github_token: "ghs_workflow",
        post: "false",
        epic: "1",
        since: "",
        anthropic_api_key: "sk-x",
        app_id: "",
      },
      { env: { GITHUB_API_URL: server.url, ANTHROPIC_BASE_URL: "http://127.0.0.1:9" } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(
      "::warning::no AI summary for #1: the budget (budget.monthlyUsd / perEpicUsd) cannot be checked without the App's id, which the ledger is trusted by: give the Action the App's id (input app-id)",
    );
    expect(run.summary).not.toContain("Summary (AI");
  });

  it("fails with a clear message on a bad input", async () => {
    const r = await runBundledAction("standup", {
      github_token: "ghs_workflow",
      post: "true",
      epic: "two",
      since: "",
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::input epic must be a whole number ≥ 1, got "two"');
  });
});
