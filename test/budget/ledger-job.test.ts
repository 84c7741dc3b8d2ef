import { describe, expect, it } from "vitest";
import { ledgerMarker, type SpendRecord } from "../../src/budget/ledger.js";
import { spendJob } from "../../src/jobs/budget-job.js";
import { appHarness } from "../support/app-harness.js";
import { BOT } from "../support/fake-github.js";

const repo = { owner: "octo-org", repo: "launchpad", defaultBranch: "main" };
const from = { installationId: 0, deliveryId: "d-1" };
const record = (id: string, usd: number, at = "2025-01-02T10:00:00.000Z"): SpendRecord => ({
  id,
  entries: [
    {
      at,
      usd,
      model: "claude-sonnet-5-5",
      inputTokens: 100,
      outputTokens: 10,
      purpose: "ask",
      issue: 3,
      user: "mona",
    },
  ],
});

describe("the budget.record job", () => {
  it("creates the month's ledger issue once, records each record once, and alerts once per threshold", async () => {
    const h = await appHarness({
      config: "budget:\n  monthlyUsd: 1\n  owners: [mona, alice]\n",
      routes: ["GET", "POST"],
    });
    const ledgerIssues = () =>
      [...h.fake.issues.values()].filter((i) => i.author === BOT && i.body.includes(ledgerMarker("2025-01")));
    // The same record twice, then two more: 0.5 (on a pace to run out) → 0.85 (80 %) → 1.05 (100 %).
    await h.queue.enqueue(spendJob(repo, record("a", 0.5), from));
    // Run again (a worker that died after posting: another delivery id, the same record).
    await h.queue.enqueue(spendJob(repo, record("a", 0.5), { ...from, deliveryId: "d-2" }));
    await h.settle();
    await h.queue.enqueue(spendJob(repo, record("b", 0.35), from));
    await h.settle();
    await h.queue.enqueue(spendJob(repo, record("c", 0.2, "2025-01-03T10:00:00.000Z"), from));
    await h.settle();
    expect(ledgerIssues()).toHaveLength(1);
    const ledger = ledgerIssues()[0];
    expect(ledger?.title).toBe("Flightdeck LLM spend 2025-01");
    const bodies = h.fake.comments.filter((c) => c.issue === ledger?.number).map((c) => c.body);
    expect(bodies.filter((b) => b.includes("<!-- flightdeck:spend"))).toHaveLength(3);
    expect(bodies[0]).toContain("- ask on issue 3: $0.50 (claude-sonnet-5-5, 100 input + 10 output tokens)");
    const alerts = bodies.filter((b) => b.includes("flightdeck:budget-alert"));
    expect(alerts.map((a) => a.split("\n")[0])).toEqual(
      ["pace", "80", "100"].map((kind) => `<!-- flightdeck:budget-alert month=2025-01 kind=${kind} -->`),
    );
    expect(alerts.every((a) => a.split("\n")[1]?.startsWith("@mona @alice "))).toBe(true);
    expect(alerts[0]).toContain("the budget is gone in 1 day (2025-01-03)");
    h.done();
  });
});
