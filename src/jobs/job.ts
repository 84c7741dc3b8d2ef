import type { SpendRecord } from "../budget/ledger.js";
import type { LoadedConfig } from "../github/config.js";
import type { PermissionCache } from "../github/permission-cache.js";
import type { AgentsBriefJob } from "./agents-job.js";
import type { AgentsAskJob } from "./ask-job.js";
import type { DeploymentRuleJob } from "./deployment-job.js";
import type { GateJob } from "./gate-job.js";
import type { GateSecurityJob } from "./gate-security-job.js";
import type { LaunchReportJob } from "./launch-report-job.js";
import type { MergeGroupJob } from "./merge-group-job.js";
import type { ProgressJob } from "./progress-job.js";
import type { JobDeps } from "./types.js";

/** A repository as a webhook payload names it (config is read only from the default branch). */
export interface RepoRef {
  owner: string;
  repo: string;
  defaultBranch: string;
}

/**
 * The data of each job kind: plain JSON taken from the webhook payload, so a job can be stored
 * in Redis and run by any worker. Who sent it is data too: authorization happens in the worker.
 */
export interface JobDataByKind {
  /** The trigger label was added to an issue (the label name is compared with the config's). */
  /** `title`/`body`: the payload's; absent in jobs folded on Redis (the worker reads the issue). */
  "epic.labeled": RepoRef & { epic: number; title?: string; body?: string; label: string; sender: string };
  /** `/flightdeck plan|apply|help|…` in a new comment on an issue. */
  "epic.command": RepoRef & {
    epic: number;
    /** The issue's title (unset in jobs queued before it was carried). */
    title?: string;
    /** The payload's body; absent in jobs folded on Redis (the worker reads the issue). */
    body?: string;
    labels: string[];
    sender: string;
    commentId: number;
    command: string;
  };
  /** The preview's "Apply this plan" checkbox was ticked; `previewBody` is the ticked comment. */
  "epic.confirm": RepoRef & { epic: number; sender: string; previewBody: string };
  /** `/flightdeck launch <version>` in a new issue comment. */
  launch: RepoRef & { issue: number; sender: string; commentId: number; args: string };
  /** Evaluate one pull request's go/no-go gate (runGateJob's own job). */
  gate: GateJob;
  /** A gate command comment: the sender is authorized, the comment acknowledged, then the gate runs. */
  "gate.command": { gate: GateJob; sender: string; commentId: number };
  /** New evidence on a commit: evaluate the gate of each open pull request whose head it is. */
  "gate.commit": RepoRef & { sha: string; pulls: number[] };
  /** Security alerts changed: re-evaluate the gates they can change (src/jobs/gate-security-job.ts). */
  "gate.security": GateSecurityJob;
  /** Answer one environment of one waiting workflow run. */
  "deployment.rule": Omit<DeploymentRuleJob, "loaded"> & { loaded?: LoadedConfig };
  /** New deployment evidence: re-evaluate the repository's waiting deployments. `labels` for issue events. */
  "deployment.sweep": RepoRef & { labels?: string[] };
  /** A protection-rule request naming no environment: answer each one the run waits on on this App's rule. */
  "deployment.run": Omit<DeploymentRuleJob, "loaded" | "environment">;
  /** The timer: re-answer the waiting deployments of every repository of the installation. */
  "deployment.installation": Record<string, never>;
  /** The timer's tick (once per period for all instances): one `deployment.installation` per installation. */
  "deployment.timer": Record<string, never>;
  /** `/flightdeck doctor [check-llm]` in a new issue or pull request comment. */
  doctor: RepoRef & { issue: number; sender: string; commentId: number; args: string };
  /** `/flightdeck standup` in a new comment on an epic. */
  standup: RepoRef & { epic: number; sender: string; commentId: number; args: string };
  /** A merge queue asks for checks on a merge group's head (merge_group.checks_requested). */
  "merge-group": MergeGroupJob;
  /** Post or refresh a launch report (a production deployment, `/flightdeck report`, an epic closing). */
  "launch.report": LaunchReportJob;
  /** `/flightdeck retro apply`: open the launch report's action items as issues, once. */
  "retro.apply": RepoRef & { issue: number; sender: string; commentId: number };
  /** Refresh an epic's Mission Control and post its handoffs (src/jobs/progress-job.ts). */
  "epic.progress": ProgressJob;
  /** Which epics an issue outside Flightdeck's tasks belongs to or blocks (then epic.progress each). */
  "epic.lookup": RepoRef & { issue: number; progressDelayMs: number };
  /** Role agents' opening briefs of an epic's tasks (after apply), or of one task (`/flightdeck brief`). */
  "agents.brief": AgentsBriefJob;
  /** `/flightdeck ask <role> <question>` in an issue or pull request. */
  "agents.ask": AgentsAskJob;
  /** Record LLM spend in the month's ledger issue and post the budget alerts it calls for. */
  "budget.record": RepoRef & { record: SpendRecord };
  /** Rebuild one release issue's readiness report from the evidence (runReadinessJob). */
  "release.readiness": RepoRef & { issue: number };
  /** New evidence (report check runs completed on `shas`, issues with `labels` changed): update the release issues it concerns. */
  /** `all`: update every open release issue (jobs folded on Redis, whose commits and labels are not kept). */
  "release.evidence": RepoRef & { shas?: string[]; labels?: string[]; all?: boolean };
}

/** A job kind's name. */
export type JobKind = keyof JobDataByKind;

/**
 * One unit of queued work, serializable as JSON.
 * - `key`: jobs with the same key run one at a time, across every worker (an epic, a pull
 *   request, a deployment run's environment);
 * - `installationId`: the GitHub App installation whose token the worker uses (0 = the app's
 *   own client, e.g. a personal token in tests);
 * - `deliveryId`: the `X-GitHub-Delivery` that caused it, for logs.
 */
export type Job<K extends JobKind = JobKind> = {
  [P in K]: {
    kind: P;
    key: string;
    installationId: number;
    deliveryId: string;
    data: JobDataByKind[P];
    /**
     * Wait this long (ms) after being stored before running: events that arrive meanwhile fold
     * into the waiting job (a debounce; Mission Control edits an epic at most once per delay).
     */
    delayMs?: number;
  };
}[K];

/** What a running job gets: its dependencies (installation client, logger) and a way to fan out. */
export interface JobContext {
  deps: JobDeps & { permissions: PermissionCache };
  /** Queues follow-up jobs (one gate per pull request of a commit, one answer per waiting run). */
  enqueue: (job: Job) => Promise<void>;
  job: Job;
}

/**
 * How a kind runs, and how it coalesces: `merge(waiting, next)` folds a new job into one of the
 * same kind and key that has not started yet, returning the merged data, or undefined when both
 * must run (a user's command is never folded into another).
 */
export interface JobSpec<K extends JobKind> {
  run(ctx: JobContext, data: JobDataByKind[K]): Promise<void>;
  merge?(waiting: JobDataByKind[K], next: JobDataByKind[K]): JobDataByKind[K] | undefined;
  /**
   * For a store that keeps the *first* of coalesced jobs (BullMQ deduplication): the identity
   * under which jobs of this kind and key coalesce (jobs that `merge` would refuse to fold get
   * different ones), and the data without the payload snapshots that a later event would
   * make stale (the worker reads them from GitHub instead).
   */
  coalesce?: { id(data: JobDataByKind[K]): string; data?(data: JobDataByKind[K]): JobDataByKind[K] };
  /**
   * Jobs of this kind queued by a webhook wait the coalescing window (AppServices
   * `coalesceWindowMs`, FLIGHTDECK_COALESCE_MS) before they run, so that a burst of evidence for
   * one key (a CI matrix completing, pushes in a row) is one run, not one plus a re-run.
   * Only for kinds no person waits on: commands and protection-rule answers never wait.
   */
  window?: true;
}
