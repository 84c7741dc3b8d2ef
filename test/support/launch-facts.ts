import type { DeploymentRecord, LaunchFacts, TaskOutcome } from "../../src/launch/facts.js";

/** When the tasks of the launch fixtures were opened (the plan was applied). */
export const APPLIED_AT = "2026-11-02T09:00:00Z";

/**
 * A production deployment of commit `<id>` padded with `a` to 40 hex, created and finished at
 * `finishedAt` unless `extra` says otherwise.
 */
export function deploymentRecord(
  id: number,
  outcome: DeploymentRecord["outcome"],
  finishedAt: string,
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    id,
    environment: "production",
    sha: `${id}`.padStart(40, "a"),
    createdAt: finishedAt,
    finishedAt,
    outcome,
    ...extra,
  };
}

/** A task of an epic's plan, opened at APPLIED_AT unless `fields.createdAt` says otherwise. */
export function taskOutcome(
  key: string,
  number: number,
  fields: Omit<TaskOutcome, "key" | "number" | "createdAt"> & { createdAt?: string },
): TaskOutcome {
  return { key, number, createdAt: APPLIED_AT, ...fields };
}

/** The facts of a launch report of `octo-org/launchpad` to production: no epics, no deployments, unless overridden. */
export function launchFacts(overrides: Partial<LaunchFacts> = {}): LaunchFacts {
  return {
    repository: "octo-org/launchpad",
    environment: "production",
    now: "2026-11-21T09:00:00Z",
    windowDays: 30,
    epics: [],
    deployments: [],
    ...overrides,
  };
}
