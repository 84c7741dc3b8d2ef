import { reportFromCheckText } from "../reports/publish.js";
import {
  CHECK_NAMES,
  type CustomReport,
  type LoadReport,
  type QaReport,
  type Report,
} from "../reports/schema.js";
import { GITHUB_ACTIONS_APP_ID } from "./evidence.js";

/** A check run on a commit of the default branch or a release tag, as the adapter reads it. */
export interface CommitRun {
  id: number;
  name: string;
  status: string;
  completedAt: string | null;
  /** The App that created it (`check_run.app`). */
  appId: number | undefined;
  text: string | null;
  /** The check run's page (`html_url`), for links to the evidence. */
  url: string;
}

/** A report that counts, with the check run it came from. */
export interface Found<R extends Report> {
  report: R;
  url: string;
}

/** The evidence of one commit: the newest trusted report of each kind, and why others did not count. */
export interface CommitEvidence {
  qa?: Found<QaReport>;
  load?: Found<LoadReport>;
  /** The newest trusted report of each custom name ("Flightdeck Report: <name>"), by name. */
  custom: Found<CustomReport>[];
  /** Why the newest trusted check run of a name could not be used (unreadable, other commit…). */
  problems: string[];
}

/**
 * Judges the report check runs of a commit that is not a pull request's head (a release tag or
 * the default branch's head, whose workflows are the repository's own): a report counts only
 * from GitHub Actions' App (`app.id` 15368 — a check run's name proves nothing), completed, the
 * newest of its name; when that one's report is unreadable, of another kind, or names another
 * commit or repository, that is a problem, never skipped for an older one. Pure.
 */
export function commitEvidence(
  runs: CommitRun[],
  context: { sha: string; repository: string },
): CommitEvidence {
  const newest = new Map<string, CommitRun>();
  for (const r of runs) {
    if (r.appId !== GITHUB_ACTIONS_APP_ID || r.status !== "completed") continue;
    if (!isReportName(r.name)) continue;
    const seen = newest.get(r.name);
    if (
      !seen ||
      (r.completedAt ?? "") > (seen.completedAt ?? "") ||
      ((r.completedAt ?? "") === (seen.completedAt ?? "") && r.id > seen.id)
    )
      newest.set(r.name, r);
  }
  const out: CommitEvidence = { custom: [], problems: [] };
  for (const run of newest.values()) {
    const parsed = reportFromCheckText(run.text);
    if (!parsed.ok) {
      out.problems.push(`the ${run.name} check run ${run.id}: ${parsed.error}`);
      continue;
    }
    const report = parsed.report;
    const expected = run.name.startsWith(`${CHECK_NAMES.custom}: `)
      ? `${CHECK_NAMES.custom}: ${report.kind === "custom" ? report.name : ""}`
      : CHECK_NAMES[report.kind as Exclude<Report["kind"], "custom">];
    if (expected !== run.name) {
      out.problems.push(`the ${run.name} check run ${run.id} holds a ${report.kind} report`);
      continue;
    }
    if (
      (report.sha && report.sha !== context.sha) ||
      (report.repository && report.repository.toLowerCase() !== context.repository.toLowerCase())
    ) {
      out.problems.push(
        `the ${run.name} check run ${run.id} carries a report about ${report.repository ?? context.repository}@${(report.sha ?? context.sha).slice(0, 7)}, not ${context.repository}@${context.sha.slice(0, 7)}`,
      );
      continue;
    }
    if (report.kind === "qa") out.qa = { report, url: run.url };
    else if (report.kind === "load") out.load = { report, url: run.url };
    else if (report.kind === "custom") out.custom.push({ report, url: run.url });
  }
  out.custom.sort((a, b) => a.report.name.localeCompare(b.report.name));
  return out;
}

/** Names of the check runs the readiness report reads: QA, load test and every custom report. */
export function isReportName(name: string): boolean {
  return name === CHECK_NAMES.qa || name === CHECK_NAMES.load || name.startsWith(`${CHECK_NAMES.custom}: `);
}
