import { reportFromCheckText } from "../reports/publish.js";
import { CHECK_NAMES, type WatchReport } from "../reports/schema.js";

/** A check run as GET /repos/{o}/{r}/commits/{ref}/check-runs lists it (the fields read here). */
export interface ListedCheckRun {
  name: string;
  status: string;
  app?: { id?: number; slug?: string } | null;
  output?: { text?: string | null } | null;
}

/**
 * The earlier watch on this commit and environment that already rolled back, if any — so a
 * re-run of the job never rolls back twice. Read from the "Flightdeck Watch" check runs on the
 * commit (the report is embedded in `output.text`); a run whose report does not parse is ignored.
 * Only runs by the `github-actions` app count, since only a workflow publishes this check run.
 */
export function previousRollback(
  runs: ListedCheckRun[],
  environment: string | undefined,
): WatchReport | undefined {
  for (const run of runs) {
    if (run.name !== CHECK_NAMES.watch || run.status !== "completed") continue;
    if (run.app?.slug && run.app.slug !== "github-actions") continue;
    const parsed = reportFromCheckText(run.output?.text);
    if (!parsed.ok || parsed.report.kind !== "watch") continue;
    const r = parsed.report;
    if ((r.environment ?? "") !== (environment ?? "")) continue;
    if (r.rollback?.ran) return r;
  }
  return undefined;
}
