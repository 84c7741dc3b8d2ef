import type { Role } from "../planner/schema.js";
import type { DeployReport, LoadReport, QaReport, WatchReport } from "../reports/schema.js";

/**
 * What a launch report is built from: plain data gathered from GitHub (src/github/launch-facts.ts)
 * or written by hand in tests. Times are ISO 8601 strings; durations are derived, never stored.
 */

/** One GitHub deployment and how it ended (GET /repos/{o}/{r}/deployments + …/statuses). */
export interface DeploymentRecord {
  id: number;
  environment: string;
  /** Commit deployed (40 hex). */
  sha: string;
  /** When the deployment was created (the deploy started). */
  createdAt: string;
  /** When its final status (success, failure, error, or a rollback) was set; absent while running. */
  finishedAt?: string;
  /**
   * How it ended: `success`; `failure` (failure/error status); `rolled_back` (the Deploy Action's
   * smoke test or the watch rolled it back); `pending` (no final status yet).
   */
  outcome: "success" | "failure" | "rolled_back" | "pending";
  /** The final status's description, e.g. the rollback reason. Untrusted text: sanitize to show. */
  reason?: string;
  /** Author date of the oldest commit this deployment shipped first (for lead time). */
  firstCommitAt?: string;
}

/** One task of an epic: what was planned and what happened. */
export interface TaskOutcome {
  /** The plan's task key (T1…), when the sub-issue carries this App's task marker. */
  key?: string;
  /** Issue number of the sub-issue. */
  number: number;
  title: string;
  role: Role;
  /** Planned effort in hours (the plan's estimate). */
  estimateHours: number;
  /** Planned start and finish dates (YYYY-MM-DD) from the plan's schedule, when known. */
  plannedStart?: string;
  plannedFinish?: string;
  /** On the plan's critical path. */
  critical?: boolean;
  /** When the sub-issue was created (the plan was applied). */
  createdAt: string;
  /** When it was closed; absent while open. */
  closedAt?: string;
}

/** An epic of the release with its plan and tasks. */
export interface EpicOutcome {
  number: number;
  title: string;
  /** The plan's forecast finish date (YYYY-MM-DD), when the plan could be read. */
  forecast?: string;
  /** False when no plan this App sealed could be read (the figures then come from the sub-issues only). */
  planned: boolean;
  tasks: TaskOutcome[];
}

/** Everything one launch report covers. */
export interface LaunchFacts {
  /** `owner/repo`. */
  repository: string;
  /** The release version (`v1.4.0`), or absent for an epic's own report. */
  version?: string;
  /** The production environment the report is about. */
  environment: string;
  /** When the report is made (ISO). */
  now: string;
  /** The DORA window, in days before `now`. */
  windowDays: number;
  epics: EpicOutcome[];
  /** Every deployment of the repository in the window (all environments), newest first or any order. */
  deployments: DeploymentRecord[];
  /** The release's production deployment (the newest successful one of its commit), when there is one. */
  release?: { sha: string; deployedAt: string; deploymentId?: number };
  /** Evidence on the released commit, from GitHub Actions' check runs only. */
  qa?: QaReport;
  load?: LoadReport;
  deploy?: DeployReport;
  watch?: WatchReport;
  /**
   * Why the newest report of a kind on the released commit did not count (unreadable, another
   * kind, another commit): shown as such, never replaced by an older report.
   */
  evidenceProblems?: string[];
  /** LLM spend in USD in the release's month, and the monthly budget, when a ledger exists. */
  spend?: { usd: number; budgetUsd?: number };
}
