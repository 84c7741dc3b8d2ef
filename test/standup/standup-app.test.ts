import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ledgerMarker, parseSpendComment, spendMarker } from "../../src/budget/ledger.js";
import type { LlmClient } from "../../src/planner/llm.js";
import { appHarness } from "../support/app-harness.js";
import { BOT } from "../support/fake-github.js";
import { WORLD } from "../support/webhooks.js";
import { standupWorld } from "./world.js";

describe("/flightdeck standup", () => {
  it("posts today's digest on the epic for a writer, once per day", async () => {
    const h = await appHarness({ routes: ["graphql", "GET", "POST"] });
    standupWorld(h.fake, h.epic);
    await h.comment("/flightdeck standup", WORLD.maintainer);
    await h.settle();
    const digests = () => h.botComments().filter((c) => c.body.includes("<!-- flightdeck:standup epic=1 "));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.body).toContain(
      "#### alice\n- ✅ Done: #2 Schema\n- 🔨 In progress: #3 Metering API (PR #40)",
    );
    expect(digests()[0]?.body).toContain("#### bob\n- ⛔ Blocked: #4 Invoices — blocked by #3 Metering API");
    await h.comment("/flightdeck standup", WORLD.maintainer);
    await h.settle();
    expect(digests()).toHaveLength(1);
    h.done();
  });

  it("ignores people without write access", async () => {
    const h = await appHarness({ routes: ["GET"] });
    standupWorld(h.fake, h.epic);
    await h.comment("/flightdeck standup", WORLD.outsider);
    await h.settle();
    expect(h.botComments().filter((c) => c.body.includes("flightdeck:standup"))).toEqual([]);
  });
});

describe("/flightdeck standup with Claude", () => {
  const recorded = JSON.parse(
    readFileSync(new URL("../fixtures/anthropic/standup-summary.json", import.meta.url), "utf8"),
  );
  const llm = (calls: unknown[]): LlmClient => ({
    createMessage: async (req) => {
      calls.push(req);
      return recorded;
    },
  });
  const NOW = "2026-12-07T09:00:00Z";

  it("opens with the AI summary within the budget and records its cost in the ledger", async () => {
    const calls: unknown[] = [];
    const h = await appHarness({ config: "budget:\n  monthlyUsd: 5\n", llm: llm(calls), now: NOW });
    standupWorld(h.fake, h.epic);
    await h.comment("/flightdeck standup", WORLD.maintainer);
    await h.settle();
    expect(calls).toHaveLength(1);
    const digest = h.botComments().find((c) => c.body.includes("<!-- flightdeck:standup epic=1 "));
    expect(digest?.body).toContain("> _Summary (AI, from the facts below, $0.0017):_ Task #\u200b2 is done");
    const ledger = [...h.fake.issues.values()].find((i) => i.body.includes(ledgerMarker("2026-12")));
    expect(ledger?.author).toBe(BOT);
    const records = h.fake.comments
      .filter((c) => c.issue === ledger?.number && c.author === BOT)
      .map((c) => parseSpendComment(c.body))
      .filter((r) => r !== undefined);
    expect(records.flatMap((r) => r.entries)).toEqual([
      expect.objectContaining({
        purpose: "standup",
        issue: 1,
        epic: 1,
        model: "claude-sonnet-5-5",
        inputTokens: 612,
        outputTokens: 48,
        usd: (612 * 2 + 48 * 10) / 1e6,
      }),
    ]);
    h.done();
  });

  it("over budget: the digest goes out without a summary and nothing is called", async () => {
    const calls: unknown[] = [];
    const h = await appHarness({ config: "budget:\n  monthlyUsd: 0.5\n", llm: llm(calls), now: NOW });
    standupWorld(h.fake, h.epic);
    const ledger = h.fake.addIssue("Flightdeck LLM spend 2026-12", `${ledgerMarker("2026-12")}\n`, BOT);
    ledger.labels = ["flightdeck: spend"];
    const entry = {
      at: "2026-12-03T10:00:00.000Z",
      usd: 0.6,
      model: "claude-sonnet-5-5",
      inputTokens: 1,
      outputTokens: 1,
      purpose: "plan",
    };
    h.fake.addComment(ledger.number, spendMarker({ id: "old", entries: [entry] }), BOT);
    await h.comment("/flightdeck standup", WORLD.maintainer);
    await h.settle();
    expect(calls).toEqual([]);
    const digest = h.botComments().find((c) => c.body.includes("<!-- flightdeck:standup epic=1 "));
    expect(digest?.body).toContain("### 🛰️ Standup — epic #1");
    expect(digest?.body).not.toContain("Summary (AI");
  });
});
