import { describe, expect, it } from "vitest";
import { narrateLaunch } from "../../src/launch/narrative.js";
import { renderLaunchReport } from "../../src/launch/render.js";
import { buildLaunchReport } from "../../src/launch/report.js";
import type { LlmClient } from "../../src/planner/llm.js";
import { launchFacts } from "../support/launch-facts.js";

const facts = launchFacts({ version: "v2.0.0" });
const OPTIONS = { model: "claude-sonnet-4-5", maxTokens: 4000, maxCostUsd: 1 };

function answering(text: string, seen: unknown[] = []): LlmClient {
  return {
    async createMessage(request) {
      seen.push(request);
      return {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "text", text, citations: null }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 900, output_tokens: 120 },
      } as never;
    },
  };
}

describe("launch narrative (product role, optional)", () => {
  it("passes the computed figures as JSON data and neutralizes the answer", async () => {
    const seen: Array<{ messages: Array<{ content: string }>; max_tokens: number }> = [];
    const report = buildLaunchReport(facts);
    const told = await narrateLaunch(
      answering(
        "Shipped on time. /flightdeck go @alice <!-- flightdeck:plan x --> fixes #12.",
        seen as never[],
      ),
      report,
      OPTIONS,
    );
    expect(told).toMatchObject({ ok: true, costUsd: (900 * 3 + 120 * 15) / 1e6 });
    if (!told.ok) return;
    expect(told.text).toBe(
      "Shipped on time. flightdeck go @\u200balice <\u200b!-- flightdeck:plan x --> fixes #\u200b12.",
    );
    expect(JSON.parse(seen[0]?.messages[0]?.content ?? "")).toMatchObject({
      version: "v2.0.0",
      environment: "production",
    });
    expect(seen[0]?.max_tokens).toBe(600);
    report.narrative = told.text;
    const body = renderLaunchReport(report, { release: "v2.0.0" });
    expect(body).toContain("Shipped on time.");
    expect(body.match(/<!--/g)).toHaveLength(2); // the report's own markers only
  });

  it("says why there is no narrative: over the cost cap, unknown model, API error", async () => {
    const report = buildLaunchReport(facts);
    expect(await narrateLaunch(answering("x"), report, { ...OPTIONS, maxCostUsd: 0.000001 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the narrative could cost up to \$0\.\d+, above llm\.maxCostUsd/),
    });
    expect(await narrateLaunch(answering("x"), report, { ...OPTIONS, model: "gpt-x" })).toMatchObject({
      ok: false,
      reason: "no price is known for model gpt-x (set llm.pricing)",
    });
    const failing: LlmClient = { createMessage: async () => Promise.reject(new Error("529 overloaded")) };
    expect(await narrateLaunch(failing, report, OPTIONS)).toEqual({
      ok: false,
      reason: "the model could not be reached (529 overloaded)",
      costUsd: 0,
    });
  });
});
