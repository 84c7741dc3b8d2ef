import { describe, expect, it } from "vitest";
import {
  alertsDue,
  budgetLine,
  budgetState,
  parseSpendComment,
  refusal,
  renderAlert,
  type SpendEntry,
  spendMarker,
} from "../../src/budget/ledger.js";

const budget = { monthlyUsd: 10, perEpicUsd: 2, owners: ["mona"], label: "flightdeck: spend" };
const entry = (at: string, usd: number, epic?: number): SpendEntry => ({
  at,
  usd,
  model: "claude-sonnet-5-5",
  inputTokens: 1000,
  outputTokens: 100,
  purpose: "brief",
  ...(epic ? { epic } : {}),
});

describe("the spend ledger", () => {
  it("round-trips a record through its hidden marker, and ignores anything else", () => {
    const record = { id: "r-1", entries: [entry("2026-12-03T10:00:00.000Z", 0.25, 7)] };
    expect(parseSpendComment(`text\n${spendMarker(record)}\n`)).toEqual(record);
    expect(spendMarker(record).slice(4, -3)).not.toContain("--"); // nothing can close the comment early
    expect(parseSpendComment("<!-- flightdeck:spend bm90IGpzb24= -->")).toBeUndefined();
    expect(
      parseSpendComment(
        `<!-- flightdeck:spend ${Buffer.from('{"id":"x","entries":[]}').toString("base64")} -->`,
      ),
    ).toBeUndefined();
  });

  it("totals the month (UTC) and the epic, and stops LLM features when a budget is spent", () => {
    const now = new Date("2026-12-10T12:00:00Z");
    const entries = [
      entry("2026-11-30T23:59:00.000Z", 50), // last month: not counted
      entry("2026-12-01T08:00:00.000Z", 1, 7),
      entry("2026-12-05T08:00:00.000Z", 1.5, 7),
      entry("2026-12-09T08:00:00.000Z", 2),
    ];
    const state = budgetState({ entries, budget, now, epic: 7 });
    expect(state.month).toBe("2026-12");
    expect(state.spentUsd).toBeCloseTo(4.5);
    expect(state.fraction).toBeCloseTo(0.45);
    expect(state.epicSpentUsd).toBeCloseTo(2.5);
    expect(state.stopReason).toBe(
      "the LLM budget of epic #7 is spent this month ($2.50 of $2.00, budget.perEpicUsd)",
    );
    const other = budgetState({ entries, budget, now, epic: 8 });
    expect(other.stopReason).toBeUndefined();
    expect(refusal(other, 0.5)).toBeUndefined();
    expect(refusal(other, 6)).toBe(
      "this call could cost up to $6.00, more than is left of this month's LLM budget ($5.50 of $10.00)",
    );
    expect(refusal(other, 2.5)).toBe(
      "this call could cost up to $2.50, more than is left of the epic's LLM budget ($2.00 of $2.00)",
    );
  });

  it("flags a pace that would exhaust the month early: 'the budget is gone in N days'", () => {
    // $4.50 in 9.5 days ≈ $0.47/day: $5.50 left lasts ≈ 11.6 days, the month has 21.5 left: fine.
    const calm = budgetState({
      entries: [entry("2026-12-01T00:00:00.000Z", 4.5)],
      budget,
      now: new Date("2026-12-10T12:00:00Z"),
    });
    expect(calm.paceWarning).toBe(
      "at this rate ($0.47/day) the budget is gone in 11 days (2026-12-22), 9 days before the month ends",
    );
    const early = budgetState({
      entries: [entry("2026-12-01T00:00:00.000Z", 0.5)],
      budget,
      now: new Date("2026-12-02T00:00:00Z"),
    });
    expect(early.paceWarning).toBeUndefined(); // 5 % spent: too early to extrapolate
    const unlimited = budgetState({
      entries: [entry("2026-12-01T00:00:00.000Z", 100)],
      budget: { owners: [], label: "x" },
      now: new Date("2026-12-02T00:00:00Z"),
    });
    expect(unlimited.stopReason).toBeUndefined();
    expect(budgetLine(unlimited)).toBe(
      "LLM spend 2026-12: $100.00 (no monthly budget set: budget.monthlyUsd)",
    );
  });

  it("alerts once per month at 80 % and 100 % (and for the pace), mentioning only the configured owners", () => {
    const now = new Date("2026-12-28T00:00:00Z");
    const at80 = budgetState({ entries: [entry("2026-12-01T00:00:00.000Z", 8.2)], budget, now });
    expect(alertsDue(at80, new Set())).toEqual(["80"]);
    expect(alertsDue(at80, new Set(["80"]))).toEqual([]);
    const at100 = budgetState({ entries: [entry("2026-12-01T00:00:00.000Z", 10)], budget, now });
    expect(alertsDue(at100, new Set(["80"]))).toEqual(["100"]);
    expect(alertsDue(at100, new Set())).toEqual(["100"]);
    expect(alertsDue(at100, new Set(["100"]))).toEqual([]);
    const alert = renderAlert("100", at100, budget.owners);
    expect(alert.split("\n")[0]).toBe("<!-- flightdeck:budget-alert month=2026-12 kind=100 -->");
    expect(alert).toContain("@mona 🛑 **The LLM budget of this month is spent.**");
    expect(alert).toContain(
      "LLM features are stopped: this month's LLM budget is spent ($10.00 of $10.00, budget.monthlyUsd)",
    );
    const fast = budgetState({
      entries: [entry("2026-12-01T00:00:00.000Z", 3)],
      budget,
      now: new Date("2026-12-03T00:00:00Z"),
    });
    expect(alertsDue(fast, new Set())).toEqual(["pace"]);
    expect(renderAlert("pace", fast, [])).toContain("the budget is gone in 4 days");
  });
});
