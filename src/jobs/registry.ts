import { deploymentRule, deploymentSweep } from "./deployment-sweep-job.js";
import { epicCommand, epicConfirm, epicLabeled } from "./epic-jobs.js";
import { gate, gateCommand, gateCommit } from "./gate-triggers.js";
import type { Job, JobContext, JobDataByKind, JobKind, JobSpec } from "./job.js";
import { launchCommand } from "./launch-job.js";

/** Every job kind and how it runs and coalesces. */
export const JOBS: { [K in JobKind]: JobSpec<K> } = {
  "epic.labeled": epicLabeled,
  "epic.command": epicCommand,
  "epic.confirm": epicConfirm,
  launch: launchCommand,
  gate,
  "gate.command": gateCommand,
  "gate.commit": gateCommit,
  "deployment.rule": deploymentRule,
  "deployment.sweep": deploymentSweep,
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

/** True when jobs of this kind can be folded into a waiting one. */
export function coalesces(kind: JobKind): boolean {
  return Boolean((JOBS[kind] as JobSpec<JobKind> | undefined)?.merge);
}
