import { randomUUID } from "node:crypto";
import { type BudgetState, refusal, type SpendEntry } from "../budget/ledger.js";
import type { Config } from "../config/schema.js";
import { formatUsd } from "../planner/cost.js";
import { readBudgetState } from "./ledger.js";
import { writeSpendRecord } from "./ledger-record.js";
import type { Octokit } from "./octokit.js";

/**
 * Where the CLI or the Action finds the budget ledger. The ledger is the Flightdeck App's own
 * comments, so reading it needs the App's id (to know which comments count) and writing it needs
 * the App's installation token: a personal or workflow token's comments would not count (and
 * could be forged by anyone with that access).
 */
export interface LedgerAccess {
  /** The App's id: the ledger's comments are trusted by it. */
  appId?: number | undefined;
  /** Reads the ledger (any token that can read the repository's issues). */
  reader: Octokit;
  /** The App's installation client (the CLI with APP_ID and PRIVATE_KEY): records the spend. */
  writer?: Octokit | undefined;
  /** How to give it the App's id, for the refusal without one (e.g. "set APP_ID"). */
  readHint: string;
  /** How spend could be recorded, for the warning without a writer. */
  writeHint: string;
}

/** The standup summary's budget outside the app: a per-call gate, and what to do with the spend. */
export interface OutsideBudget {
  /** Why a call costing up to `worstUsd` may not go ahead (undefined: it may). */
  refuse(worstUsd: number, spentUsd?: number): string | undefined;
  /**
   * Records the run's spend in the ledger when a writer is there; else says why it is not.
   * @returns whether it was recorded and the sentence to show; undefined when nothing was spent
   */
  settle(entries: SpendEntry[]): Promise<{ recorded: boolean; note: string } | undefined>;
}

/**
 * Decides the standup summary's budget for the CLI and the Action: off with `planner.mode:
 * deterministic`; with the App's id, the month's ledger is read (readBudgetState, with the
 * epic's `budget.perEpicUsd`) and each call must fit what is left; without it a configured budget
 * cannot be checked, so the summary is refused (fail closed) — without a budget only
 * `llm.maxCostUsd` applies. Spend is written to the ledger only through the App's installation
 * token (`writeSpendRecord`).
 */
export async function outsideBudget(
  access: LedgerAccess,
  repo: { owner: string; repo: string; defaultBranch: string },
  config: Config,
  epic: number,
  now: Date,
): Promise<OutsideBudget> {
  let state: BudgetState | undefined;
  let stop: string | undefined;
  const limited = config.budget.monthlyUsd !== undefined || config.budget.perEpicUsd !== undefined;
  if (config.planner.mode === "deterministic") stop = "LLM features are off (planner.mode: deterministic)";
  else if (access.appId !== undefined)
    state = await readBudgetState(access.reader, repo, config.budget, { appId: access.appId, now, epic });
  else if (limited)
    stop = `the budget (budget.monthlyUsd / perEpicUsd) cannot be checked without the App's id, which the ledger is trusted by: ${access.readHint}`;
  return {
    refuse(worstUsd, spentUsd = 0) {
      if (stop) return stop;
      if (!state) return undefined;
      const s = { ...state, spentUsd: state.spentUsd + spentUsd };
      if (s.epicSpentUsd !== undefined) s.epicSpentUsd += spentUsd;
      return refusal(s, worstUsd);
    },
    async settle(entries) {
      if (!entries.length) return undefined;
      const usd = formatUsd(entries.reduce((a, e) => a + e.usd, 0));
      if (!access.writer || access.appId === undefined)
        return {
          recorded: false,
          note: `the AI summary's cost (${usd}) is not recorded in the budget ledger: only the Flightdeck App writes it (a personal or workflow token's comments are not counted); ${access.writeHint}`,
        };
      await writeSpendRecord(access.writer, repo, { id: randomUUID(), entries }, access.appId);
      return { recorded: true, note: `the AI summary's cost (${usd}) is recorded in the budget ledger` };
    },
  };
}
