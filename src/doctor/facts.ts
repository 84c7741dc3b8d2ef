import type { Config } from "../config/schema.js";

/**
 * What the pre-flight doctor knows about a repository, gathered by src/github/doctor-facts.ts
 * (app or CLI) and judged by evaluateDoctor (pure). A fact that could not be read carries the
 * reason instead of a value (`{ unavailable }`): the doctor says so rather than guessing.
 */
export interface DoctorFacts {
  /** `owner/name`. */
  repository: string;
  defaultBranch: string;
  /** `app`: read with the installation's token and the App's JWT; `token`: a personal or workflow token (CLI). */
  mode: "app" | "token";
  /** This App's id, when known (app mode, or the CLI's `--app-id`): required checks and rules must name it. */
  appId?: number;
  /** `.github/flightdeck.yml` from the default branch: parsed, or its problems (already formatted). */
  config: { ok: true; config: Config; source: string } | { ok: false; source: string; problems: string };
  /** Label names of the repository (lower case not required). */
  labels: string[] | Unavailable;
  /** The installation's permissions and events (GET /repos/{o}/{r}/installation, JWT). */
  installation: { permissions: Record<string, string>; events: string[] } | Unavailable;
  /** Required status checks on the default branch, from rulesets and from classic branch protection. */
  requiredChecks: RequiredChecks | Unavailable;
  /** Per environment named in `gates.deployments`. */
  environments: Record<string, EnvironmentFacts | Unavailable>;
  /** The QA workflow: the workflow file running Flightdeck's QA (Action or CLI) and its last run on the default branch. */
  qaWorkflow: QaWorkflowFacts | Unavailable;
  /** Whether an Anthropic key is configured; `check` when a test call was asked for (`--check-llm`). */
  llm: { keyPresent: boolean; check?: { ok: boolean; detail: string } };
  /** Unavailable: a budget is configured but its ledger could not be read (no App id, an API error). */
  budget: BudgetState | Unavailable;
  /** Failed webhook deliveries of this repository in the window (GET /app/hook/deliveries, JWT). */
  deliveries: { failed: FailedDelivery[]; checked: number; windowHours: number } | Unavailable;
  now: Date;
}

/** A fact that could not be read, and why (missing permission, no JWT, API error). */
export interface Unavailable {
  unavailable: string;
}

/** One required status check and the App it must come from (`undefined`/`null`: any source). */
export interface RequiredCheck {
  context: string;
  appId?: number | null;
  /** Where it is required: `ruleset` or `branch protection`. */
  from: "ruleset" | "branch protection";
}

export interface RequiredChecks {
  checks: RequiredCheck[];
  /** Why classic branch protection could not be read in full, when it could not. */
  protectionNote?: string;
}

export interface EnvironmentFacts {
  exists: boolean;
  /** Logins or team slugs of required reviewers (empty: none). */
  reviewers: string[];
  /** Custom deployment protection rules enabled on the environment. */
  customRules: Array<{ appId: number; slug: string }>;
}

export interface QaWorkflowFacts {
  /** Workflow file path that runs Flightdeck QA, when one was found. */
  path?: string;
  /** Its newest run on the default branch. */
  lastRun?: { conclusion: string | null; status: string; createdAt: string; url: string };
}

export interface FailedDelivery {
  guid: string;
  event: string;
  action?: string | null;
  statusCode: number;
  deliveredAt: string;
}

/**
 * The AI budget as the budget ledger (issue 10 §4) reports it; `not-configured` without one.
 * Injected into the doctor (`budgetState()`), so the doctor does not depend on how it is kept.
 */
export type BudgetState =
  | { state: "not-configured" }
  | { state: "ok" | "warning" | "exhausted"; spentUsd: number; limitUsd: number; detail?: string };

/** The budget line's default source: no budget ledger is wired in. */
export const noBudget = async (): Promise<BudgetState> => ({ state: "not-configured" });
