import type { SpendEntry } from "../budget/ledger.js";
import type { Config } from "../config/schema.js";
import type { LlmClient } from "../planner/llm.js";
import type { StandupDigest } from "./digest.js";
import { summarizeDigest } from "./summary-llm.js";

/**
 * The standup's summary hook (`StandupOptions.summarize`) for the app, the CLI and the Action
 * alike: asks for the paragraph within `refuse` (the budget's answer for the call's worst case),
 * pushes each call's usage onto `spent` as a `standup` ledger entry for the epic (its cost counts
 * against `budget.perEpicUsd`), and reports why there is no summary through `skipped`.
 */
export function summaryHook(
  client: LlmClient,
  config: Config,
  options: {
    refuse: (worstUsd: number) => string | undefined;
    now: () => Date;
    spent: SpendEntry[];
    skipped: (epic: number, reason: string) => void;
  },
) {
  return async (digest: StandupDigest): Promise<{ text: string; costUsd: number } | undefined> => {
    const epic = digest.epic.number;
    const s = await summarizeDigest(client, digest, config, options.refuse);
    if (s.usage)
      options.spent.push({
        at: options.now().toISOString(),
        usd: s.costUsd ?? 0,
        ...s.usage,
        purpose: "standup",
        issue: epic,
        epic,
      });
    if (s.ok) return { text: s.text, costUsd: s.costUsd };
    options.skipped(epic, s.reason);
    return undefined;
  };
}
