import { z } from "zod";
import { formatUsd } from "../planner/cost.js";
import { plural } from "../text/plural.js";

/**
 * The LLM spend ledger, pure part. Every model call Flightdeck makes (planner, role agents,
 * `ask`) is one SpendEntry; entries are kept in GitHub as marked comments by this App on a
 * Flightdeck-owned tracking issue per calendar month (UTC), so any stateless instance can total
 * the month's spend. This module parses and renders those comments and judges the budget; the
 * GitHub side is src/github/ledger.ts.
 */

/** One model call's cost. `usd` from `usage` tokens × the price table (src/planner/cost.ts). */
export const SpendEntry = z
  .object({
    /** ISO 8601 time of the call. */
    at: z.string().datetime({ offset: true }),
    usd: z.number().nonnegative(),
    model: z.string().max(100),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    /** What the call was for: `plan`, `brief`, `ask`, `standup`… */
    purpose: z.string().regex(/^[a-z][a-z-]{0,19}$/),
    /** The issue or pull request the call was made for. */
    issue: z.number().int().positive().optional(),
    /** The epic whose budget it counts against (`budget.perEpicUsd`). */
    epic: z.number().int().positive().optional(),
    /** Who asked (for `ask`), for the per-user limit. */
    user: z.string().max(39).optional(),
  })
  .strict();
export type SpendEntry = z.infer<typeof SpendEntry>;

/** One ledger comment: entries recorded together, under an id that makes recording idempotent. */
export const SpendRecord = z
  .object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/), entries: z.array(SpendEntry).min(1).max(50) })
  .strict();
export type SpendRecord = z.infer<typeof SpendRecord>;

/** Budget settings (config `budget`): limits in USD, logins to alert. */
export interface BudgetConfig {
  monthlyUsd?: number | undefined;
  perEpicUsd?: number | undefined;
  owners: string[];
  label: string;
}

/** `2026-12`: the UTC calendar month of a time, the ledger's period. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** `<!-- flightdeck:ledger month=2026-12 -->`: the body marker of a month's ledger issue. */
export function ledgerMarker(month: string): string {
  return `<!-- flightdeck:ledger month=${month} -->`;
}

/** `<!-- flightdeck:budget-alert month=2026-12 kind=80 -->`: one alert per month and kind. */
export function alertMarker(month: string, kind: AlertKind): string {
  return `<!-- flightdeck:budget-alert month=${month} kind=${kind} -->`;
}

/** The hidden data line of a ledger comment (base64 JSON: no `--` can end the comment early). */
export function spendMarker(record: SpendRecord): string {
  return `<!-- flightdeck:spend ${Buffer.from(JSON.stringify(record), "utf8").toString("base64")} -->`;
}

/**
 * Reads the record of a ledger comment (call only on comments this App wrote).
 * @returns undefined when the body holds no valid record
 */
export function parseSpendComment(body: string | null | undefined): SpendRecord | undefined {
  const m = /<!-- flightdeck:spend ([A-Za-z0-9+/=]+) -->/.exec(body ?? "");
  if (!m) return undefined;
  try {
    const parsed = SpendRecord.safeParse(JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The kinds of budget alert: 80 % and 100 % of the monthly budget, and a pace that ends it early. */
export type AlertKind = "80" | "100" | "pace";

/** The month's spend against the budget, as the doctor and the LLM features read it. */
export interface BudgetState {
  month: string;
  /** USD spent this month in the repository. */
  spentUsd: number;
  /** `budget.monthlyUsd`, when set. */
  limitUsd?: number;
  /** spent / limit (0…, may pass 1), when a limit is set. */
  fraction?: number;
  /** USD spent this month on `epic`, when asked for one. */
  epicSpentUsd?: number;
  epicLimitUsd?: number;
  /** Average USD per day so far this month (at least one day counted). */
  dailyRateUsd: number;
  /** Days until the limit is reached at that rate, when a limit is set and spend is going on. */
  daysToExhaustion?: number;
  /** Set when the rate would exhaust the budget before the month ends: the sentence to show. */
  paceWarning?: string;
  /** Set when LLM features must stop: why, in words. */
  stopReason?: string;
}

const DAY_MS = 86_400_000;

/**
 * Judges the month's spend. Pure.
 * @param input.entries every entry of the month's ledger (other months are ignored)
 * @param input.now the current time (the month is now's UTC month)
 * @param input.epic the epic whose `perEpicUsd` also applies, if any
 */
export function budgetState(input: {
  entries: readonly SpendEntry[];
  budget: BudgetConfig;
  now: Date;
  epic?: number;
}): BudgetState {
  const { budget, now } = input;
  const month = monthOf(now);
  const entries = input.entries.filter((e) => e.at.slice(0, 7) === month);
  const spentUsd = sum(entries.map((e) => e.usd));
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const elapsedDays = Math.max(1, (now.getTime() - start) / DAY_MS);
  const dailyRateUsd = spentUsd / elapsedDays;
  const state: BudgetState = { month, spentUsd, dailyRateUsd };
  if (budget.monthlyUsd !== undefined) {
    state.limitUsd = budget.monthlyUsd;
    state.fraction = spentUsd / budget.monthlyUsd;
    if (dailyRateUsd > 0) {
      const days = Math.max(0, (budget.monthlyUsd - spentUsd) / dailyRateUsd);
      state.daysToExhaustion = days;
      const daysLeft = (end - now.getTime()) / DAY_MS;
      // Below 10 % of the budget one early call would extrapolate to noise.
      if (state.fraction < 1 && state.fraction >= 0.1 && days < daysLeft) {
        const on = new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
        state.paceWarning = `at this rate (${formatUsd(dailyRateUsd)}/day) the budget is gone in ${plural(Math.max(1, Math.floor(days)), "day")} (${on}), ${plural(Math.floor(daysLeft - days), "day")} before the month ends`;
      }
    }
    if (spentUsd >= budget.monthlyUsd)
      state.stopReason = `this month's LLM budget is spent (${formatUsd(spentUsd)} of ${formatUsd(budget.monthlyUsd)}, budget.monthlyUsd)`;
  }
  if (input.epic !== undefined) {
    state.epicSpentUsd = sum(entries.filter((e) => e.epic === input.epic).map((e) => e.usd));
    if (budget.perEpicUsd !== undefined) {
      state.epicLimitUsd = budget.perEpicUsd;
      if (!state.stopReason && state.epicSpentUsd >= budget.perEpicUsd)
        state.stopReason = `the LLM budget of epic #${input.epic} is spent this month (${formatUsd(state.epicSpentUsd)} of ${formatUsd(budget.perEpicUsd)}, budget.perEpicUsd)`;
    }
  }
  return state;
}

/**
 * Whether a call that may cost up to `worstCaseUsd` fits what is left of the budget.
 * @returns undefined when it may go ahead, else the reason it may not (shown to users)
 */
export function refusal(state: BudgetState, worstCaseUsd: number): string | undefined {
  if (state.stopReason) return state.stopReason;
  if (state.limitUsd !== undefined && state.spentUsd + worstCaseUsd > state.limitUsd)
    return `this call could cost up to ${formatUsd(worstCaseUsd)}, more than is left of this month's LLM budget (${formatUsd(state.limitUsd - state.spentUsd)} of ${formatUsd(state.limitUsd)})`;
  if (
    state.epicLimitUsd !== undefined &&
    state.epicSpentUsd !== undefined &&
    state.epicSpentUsd + worstCaseUsd > state.epicLimitUsd
  )
    return `this call could cost up to ${formatUsd(worstCaseUsd)}, more than is left of the epic's LLM budget (${formatUsd(state.epicLimitUsd - state.epicSpentUsd)} of ${formatUsd(state.epicLimitUsd)})`;
  return undefined;
}

/** The alerts the state calls for that were not posted yet this month (`posted`: kinds already posted). */
export function alertsDue(state: BudgetState, posted: ReadonlySet<AlertKind>): AlertKind[] {
  const due: AlertKind[] = [];
  if (state.fraction === undefined) return due;
  if (state.fraction >= 1 && !posted.has("100")) due.push("100");
  // Reaching 100 % at once also passes 80 %: one alert says both.
  else if (state.fraction >= 0.8 && state.fraction < 1 && !posted.has("80") && !posted.has("100"))
    due.push("80");
  if (state.paceWarning && !posted.has("pace") && !due.length) due.push("pace");
  return due;
}

/**
 * An alert comment's body. Owners come from config only (`budget.owners`, validated logins),
 * never from untrusted text.
 */
export function renderAlert(kind: AlertKind, state: BudgetState, owners: readonly string[]): string {
  const who = owners.length ? `${owners.map((o) => `@${o}`).join(" ")} ` : "";
  const headline =
    kind === "100"
      ? "🛑 **The LLM budget of this month is spent.** Flightdeck's LLM features stop until the month ends or `budget.monthlyUsd` is raised; planning, briefs and answers use the deterministic path meanwhile."
      : kind === "80"
        ? "⚠️ **80 % of this month's LLM budget is spent.**"
        : "📈 **LLM spend is on pace to exhaust this month's budget early.**";
  return [alertMarker(state.month, kind), `${who}${headline}`, "", `- ${budgetLine(state)}`].join("\n");
}

/**
 * One line for people (doctor, alerts, ledger comments): `LLM spend 2026-12: $4.20 of $20.00
 * (21 %); at this rate …`.
 */
export function budgetLine(state: BudgetState): string {
  const limit =
    state.limitUsd !== undefined
      ? ` of ${formatUsd(state.limitUsd)} (${Math.round((state.fraction ?? 0) * 100)} %)`
      : " (no monthly budget set: budget.monthlyUsd)";
  const pace = state.paceWarning ? `; ${state.paceWarning}` : "";
  const stop = state.stopReason ? `; LLM features are stopped: ${state.stopReason}` : "";
  return `LLM spend ${state.month}: ${formatUsd(state.spentUsd)}${limit}${pace}${stop}`;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
