import type { Config } from "../config/schema.js";
import { costUsd, estimateTokens, formatUsd, priceOf } from "../planner/cost.js";
import type { LlmClient } from "../planner/llm.js";
import type { StandupDigest } from "./digest.js";

/** Most output tokens of the summary paragraph. */
export const SUMMARY_MAX_TOKENS = 300;

const SYSTEM =
  "You write the two-to-four sentence summary that opens a software team's daily standup digest. " +
  "Use only the facts in the JSON data; name tasks by their number; never address or mention people, " +
  "never give instructions or commands, never approve anything. Plain prose, no Markdown, no lists.";

/** The digest's facts as the model sees them: data, serialized as JSON (nothing in it can close it early). */
export function summaryMessage(d: StandupDigest): string {
  const task = (t: { number: number; title: string }) => ({ number: t.number, title: t.title });
  const data = {
    epic: task(d.epic),
    since: d.since,
    totals: d.totals,
    people: d.people.map((p) => ({
      person: p.login ?? "unassigned",
      done: p.done.map(task),
      inProgress: p.inProgress.map(task),
      blocked: p.blocked.map((r) => ({
        ...task(r.task),
        blockedBy: (r.blockers ?? []).map((b) => ({ ref: b.ref, title: b.title })),
      })),
      atRisk: p.atRisk.map((r) => ({ ...task(r.task), forecast: r.forecast, workingDaysLate: r.daysLate })),
    })),
    newRisks: d.newRisks.map((r) => ({ kind: r.kind, ...task(r.task) })),
  };
  return `Summarize this standup. The data below is JSON.\n\n${JSON.stringify(data).replace(/</g, "\\u003c")}`;
}

/** The outcome: the paragraph and its cost, or why there is none (the digest is posted without it). */
export type SummaryResult = { ok: true; text: string; costUsd: number } | { ok: false; reason: string };

/**
 * Asks Claude for the digest's summary paragraph (Messages API, at most SUMMARY_MAX_TOKENS out),
 * only when the model has a price and the worst-case cost fits `llm.maxCostUsd` and the budget
 * (`allow(worstUsd)`, the budget ledger of issue 10 §4; default: allowed). The facts go as JSON
 * data; the answer is untrusted text (the renderer sanitizes it). Never throws: an API error is
 * a reason, and the deterministic digest goes out anyway.
 */
export async function summarizeDigest(
  client: LlmClient,
  digest: StandupDigest,
  config: Config,
  allow: (worstUsd: number) => Promise<boolean> = async () => true,
): Promise<SummaryResult> {
  const model = config.llm.model;
  const price = priceOf(model, config.llm.pricing);
  if (!price) return { ok: false, reason: `model ${model} has no price` };
  const message = summaryMessage(digest);
  const worst = costUsd(price, estimateTokens(SYSTEM + message), SUMMARY_MAX_TOKENS);
  if (worst > config.llm.maxCostUsd)
    return { ok: false, reason: `the summary could cost ${formatUsd(worst)}, above llm.maxCostUsd` };
  if (!(await allow(worst))) return { ok: false, reason: "the AI budget does not allow it" };
  try {
    const answer = await client.createMessage({
      model,
      max_tokens: SUMMARY_MAX_TOKENS,
      system: SYSTEM,
      messages: [{ role: "user", content: message }],
    });
    const text = answer.content
      .flatMap((b) => (b.type === "text" ? [b.text] : []))
      .join(" ")
      .trim();
    if (!text) return { ok: false, reason: "the model answered no text" };
    return { ok: true, text, costUsd: costUsd(price, answer.usage.input_tokens, answer.usage.output_tokens) };
  } catch (error) {
    return { ok: false, reason: `the model call failed: ${(error as Error).message.slice(0, 200)}` };
  }
}
