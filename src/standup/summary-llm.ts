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

/** Tokens one call used, for the budget ledger (`SpendEntry` without its time and purpose). */
export interface SummaryUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/**
 * The outcome: the paragraph and its cost, or why there is none (the digest is posted without
 * it). `usage` is set whenever a call was made (its cost counts even without a usable answer).
 */
export type SummaryResult =
  | { ok: true; text: string; costUsd: number; usage: SummaryUsage }
  | { ok: false; reason: string; costUsd?: number; usage?: SummaryUsage };

/**
 * Asks Claude for the digest's summary paragraph (Messages API, at most SUMMARY_MAX_TOKENS out),
 * only when the model has a price, the worst-case cost fits `llm.maxCostUsd` and the budget
 * does not refuse it (`refuse(worstUsd)`: the reason from the budget ledger of issue 10 §4, e.g.
 * `spendRefusal`; default: never refused). The facts go as JSON data; the answer is untrusted
 * text (the renderer sanitizes it). Never throws: an API error is a reason, and the
 * deterministic digest goes out anyway. The caller records `usage` in the ledger.
 */
export async function summarizeDigest(
  client: LlmClient,
  digest: StandupDigest,
  config: Config,
  refuse: (worstUsd: number) => string | undefined | Promise<string | undefined> = () => undefined,
): Promise<SummaryResult> {
  const model = config.llm.model;
  const price = priceOf(model, config.llm.pricing);
  if (!price) return { ok: false, reason: `model ${model} has no price` };
  const message = summaryMessage(digest);
  const worst = costUsd(price, estimateTokens(SYSTEM + message), SUMMARY_MAX_TOKENS);
  if (worst > config.llm.maxCostUsd)
    return { ok: false, reason: `the summary could cost ${formatUsd(worst)}, above llm.maxCostUsd` };
  const refused = await refuse(worst);
  if (refused) return { ok: false, reason: refused };
  let answer: Awaited<ReturnType<LlmClient["createMessage"]>>;
  try {
    answer = await client.createMessage({
      model,
      max_tokens: SUMMARY_MAX_TOKENS,
      system: SYSTEM,
      messages: [{ role: "user", content: message }],
    });
  } catch (error) {
    return { ok: false, reason: `the model call failed: ${(error as Error).message.slice(0, 200)}` };
  }
  const usage = {
    model,
    inputTokens: answer.usage?.input_tokens ?? 0,
    outputTokens: answer.usage?.output_tokens ?? 0,
  };
  const spent = costUsd(price, usage.inputTokens, usage.outputTokens);
  const text = answer.content
    .flatMap((b) => (b.type === "text" ? [b.text] : []))
    .join(" ")
    .trim();
  if (!text) return { ok: false, reason: "the model answered no text", costUsd: spent, usage };
  return { ok: true, text, costUsd: spent, usage };
}
