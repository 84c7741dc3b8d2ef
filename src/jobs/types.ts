import type { Config } from "../config/schema.js";
import type { BudgetState } from "../doctor/facts.js";
import type { Octokit } from "../github/octokit.js";
import type { DeterministicPlanner } from "../planner/index.js";
import type { LlmClient } from "../planner/llm.js";

/** What a job needs from the outside world; handlers and the CLI build it. */
export interface JobDeps {
  octokit: Octokit;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /** Claude client, when ANTHROPIC_API_KEY is set. */
  llm?: LlmClient;
  /** Key that signs plans embedded in previews (HMAC-SHA256). */
  secret: string;
  /**
   * This App's numeric id (GitHub App settings; env APP_ID). Evidence and hidden markers are
   * trusted only from objects this App wrote: check runs whose `app.id` is this id, comments
   * whose `performed_via_github_app.id` is this id.
   */
  appId: number;
  now: () => Date;
  /** Where the deterministic planner runs (a worker thread in the server); default this thread. */
  planner?: DeterministicPlanner;
  /** The App's own client (JWT): the doctor reads the installation and webhook deliveries with it. */
  appOctokit?: () => Promise<Octokit>;
  /** The AI budget's state (issue 10 §4's ledger); the doctor says "not configured" without it. */
  budgetState?: () => Promise<BudgetState>;
  /** Overrides of the apply executor's waits (tests). */
  applyTiming?: { rateLimitWaitMs?: number; transientWaitMs?: number; sleep?: (ms: number) => Promise<void> };
}

/** The epic a job works on, and the config read from the default branch. */
export interface EpicJob {
  owner: string;
  repo: string;
  epic: number;
  config: Config;
}
