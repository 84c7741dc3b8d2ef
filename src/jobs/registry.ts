import { agentsBrief } from "./agents-job.js";
import { agentsAsk } from "./ask-job.js";
import { budgetRecord } from "./budget-job.js";
import {
  deploymentInstallation,
  deploymentRule,
  deploymentRun,
  deploymentSweep,
  deploymentTimer,
  mergeGroup,
} from "./deployment-sweep-job.js";
import { epicCommand, epicConfirm, epicLabeled } from "./epic-jobs.js";
import { gateSecurity } from "./gate-security-job.js";
import { gate, gateCommand, gateCommit } from "./gate-triggers.js";
import type { Job, JobContext, JobDataByKind, JobKind, JobSpec } from "./job.js";
import { launchCommand } from "./launch-job.js";
import { launchReport } from "./launch-report-job.js";
import { doctorCommand, standupCommand } from "./ops-jobs.js";
import { epicLookup, epicProgress } from "./progress-job.js";
import { releaseEvidence, releaseReadiness } from "./readiness-job.js";
import { retroApply } from "./retro-job.js";

/** Every job kind and how it runs and coalesces. */
export const JOBS: { [K in JobKind]: JobSpec<K> } = {
  "epic.labeled": epicLabeled,
  "epic.command": epicCommand,
  "epic.confirm": epicConfirm,
  launch: launchCommand,
  gate,
  "gate.command": gateCommand,
  "gate.commit": gateCommit,
  "gate.security": gateSecurity,
  "deployment.rule": deploymentRule,
  "deployment.sweep": deploymentSweep,
  "deployment.run": deploymentRun,
  "deployment.installation": deploymentInstallation,
  "deployment.timer": deploymentTimer,
  "merge-group": mergeGroup,
  "launch.report": launchReport,
  "retro.apply": retroApply,
  "epic.progress": epicProgress,
  "epic.lookup": epicLookup,
  "agents.brief": agentsBrief,
  "agents.ask": agentsAsk,
  "budget.record": budgetRecord,
  "release.readiness": releaseReadiness,
  "release.evidence": releaseEvidence,
  doctor: doctorCommand,
  standup: standupCommand,
};

/** Runs a job with its kind's runner. @throws Error for an unknown kind (a job from a newer version). */
export async function runJob(ctx: JobContext): Promise<void> {
  const spec = JOBS[ctx.job.kind] as JobSpec<JobKind> | undefined;
  if (!spec) throw new Error(`unknown job kind "${ctx.job.kind}"`);
  await spec.run(ctx, ctx.job.data as JobDataByKind[JobKind]);
}

/**
 * Folds `next` into `waiting` (same kind and key, not started yet) when the kind allows it.
 * @returns the merged job, or undefined when both must run
 */
export function mergeJobs(waiting: Job, next: Job): Job | undefined {
  if (waiting.kind !== next.kind || waiting.key !== next.key) return undefined;
  const spec = JOBS[next.kind] as JobSpec<JobKind>;
  const data = spec.merge?.(waiting.data as JobDataByKind[JobKind], next.data as JobDataByKind[JobKind]);
  return data === undefined ? undefined : ({ ...next, data } as Job);
}

/**
 * How a first-wins store coalesces a job: the deduplication id (kind, key and the kind's
 * identity) and the data to store, or undefined when the kind never coalesces.
 */
export function coalescing(job: Job): { id: string; job: Job } | undefined {
  const spec = JOBS[job.kind] as JobSpec<JobKind> | undefined;
  if (!spec?.coalesce) return undefined;
  const data = job.data as JobDataByKind[JobKind];
  return {
    id: `${job.kind}|${job.key}|${spec.coalesce.id(data)}`,
    job: { ...job, data: spec.coalesce.data?.(data) ?? data } as Job,
  };
}
