import type { Config } from "../config/schema.js";
import type { Octokit } from "../github/octokit.js";
import type { LlmClient } from "../planner/llm.js";

/** What a job needs from the outside world; handlers and the CLI build it. */
export interface JobDeps {
  octokit: Octokit;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /** Claude client, when ANTHROPIC_API_KEY is set. */
  llm?: LlmClient;
  /** Key that signs plans embedded in previews (HMAC-SHA256). */
  secret: string;
  now: () => Date;
  /**
   * This GitHub App's numeric id (`APP_ID`; GET /app `id`). A check run is Flightdeck's own only
   * when `check_run.app.id` equals it: the gate reads and updates only those.
   */
  appId: number;
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
