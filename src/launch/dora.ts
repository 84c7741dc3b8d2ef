import type { DeploymentRecord } from "./facts.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The four DORA figures of one environment over a window (https://dora.dev/guides/dora-metrics-four-keys/):
 * - deployment frequency: successful deployments per week;
 * - lead time for changes: hours from the oldest commit a deployment shipped first to its
 *   successful finish (median, with the sample size);
 * - change-failure rate: failed or rolled-back deployments over all finished ones, in %;
 * - time to restore: hours from a failed deployment's finish to the next successful one (median).
 * A figure without data is undefined, and `notes` says why.
 */
export interface DoraFigures {
  environment: string;
  /** Finished deployments in the window (success, failure, rolled back). */
  deployments: number;
  successes: number;
  failures: number;
  /** Successful deployments per week (7 days). */
  perWeek: number;
  /** Median lead time in hours, and how many deployments it was measured on. */
  leadTimeHours?: number;
  leadTimeSample: number;
  /** Change-failure rate, 0–100 %. */
  changeFailurePct?: number;
  /** Median time to restore in hours, and how many failures were restored in the window. */
  restoreHours?: number;
  restored: number;
  /** Failures with no later success in the window (still broken, or fixed outside the data). */
  unrestored: number;
  notes: string[];
}

/**
 * Computes the DORA figures of `environment` from deployment records, over the `windowDays`
 * days before `now`. Pure; records of other environments and unfinished ones are ignored.
 */
export function doraFigures(
  records: DeploymentRecord[],
  environment: string,
  now: Date,
  windowDays: number,
): DoraFigures {
  const from = now.getTime() - windowDays * DAY_MS;
  const finished = records
    .filter((r) => r.environment === environment && r.outcome !== "pending" && r.finishedAt)
    .filter((r) => {
      const t = Date.parse(r.finishedAt as string);
      return t >= from && t <= now.getTime();
    })
    .sort((a, b) => Date.parse(a.finishedAt as string) - Date.parse(b.finishedAt as string));
  const ok = finished.filter((r) => r.outcome === "success");
  const failed = finished.filter((r) => r.outcome !== "success");
  const notes: string[] = [];

  const leads = ok
    .filter((r) => r.firstCommitAt)
    .map((r) => (Date.parse(r.finishedAt as string) - Date.parse(r.firstCommitAt as string)) / HOUR_MS)
    .filter((h) => h >= 0);
  if (ok.length && !leads.length)
    notes.push("lead time: no successful deployment had a previous one to compare its commits with");

  const restores: number[] = [];
  let unrestored = 0;
  for (const f of failed) {
    const t = Date.parse(f.finishedAt as string);
    const next = ok.find((s) => Date.parse(s.finishedAt as string) > t);
    if (next) restores.push((Date.parse(next.finishedAt as string) - t) / HOUR_MS);
    else unrestored++;
  }
  if (!finished.length) notes.push(`no finished deployment to ${environment} in the last ${windowDays} days`);
  if (unrestored)
    notes.push(`${unrestored} failed deployment(s) not followed by a successful one in the window`);

  return {
    environment,
    deployments: finished.length,
    successes: ok.length,
    failures: failed.length,
    perWeek: round((ok.length * 7) / Math.max(1, windowDays), 2),
    ...(leads.length ? { leadTimeHours: round(median(leads), 1) } : {}),
    leadTimeSample: leads.length,
    ...(finished.length ? { changeFailurePct: round((failed.length / finished.length) * 100, 1) } : {}),
    ...(restores.length ? { restoreHours: round(median(restores), 1) } : {}),
    restored: restores.length,
    unrestored,
    notes,
  };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
