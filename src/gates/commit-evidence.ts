import { reportFromCheckText } from "../reports/publish.js";
import {
  CHECK_NAMES,
  type CustomReport,
  type DeployReport,
  type LoadReport,
  type QaReport,
  type Report,
  type WatchReport,
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
  /** Read only when `deploy` is among the kinds asked for (the launch report's). */
  deploy?: Found<DeployReport>;
  /** Read only when `watch` is among the kinds asked for (the launch report's). */
  watch?: Found<WatchReport>;
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
 * @param kinds the report kinds to read (default READINESS_KINDS: QA, load and custom reports);
 *   check runs of other names are ignored, so they can neither count nor be a problem
 */
export function commitEvidence(
  runs: CommitRun[],
  context: { sha: string; repository: string },
  kinds: readonly CommitEvidenceKind[] = READINESS_KINDS,
): CommitEvidence {
  const newest = new Map<string, CommitRun>();
  for (const r of runs) {
    if (r.appId !== GITHUB_ACTIONS_APP_ID || r.status !== "completed") continue;
    if (!isNameOf(r.name, kinds)) continue;
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
    else if (report.kind === "deploy") out.deploy = { report, url: run.url };
    else if (report.kind === "watch") out.watch = { report, url: run.url };
    else if (report.kind === "custom") out.custom.push({ report, url: run.url });
  }
  out.custom.sort((a, b) => a.report.name.localeCompare(b.report.name));
  return out;
}

/** A report kind commitEvidence can read; `custom` stands for every "Flightdeck Report: <name>". */
export type CommitEvidenceKind = Report["kind"];

/** What the readiness report reads: QA, load test and every custom report. */
export const READINESS_KINDS: readonly CommitEvidenceKind[] = ["qa", "load", "custom"];

/** What the launch report reads on the released commit: QA, load test, deploy and watch. */
export const LAUNCH_KINDS: readonly CommitEvidenceKind[] = ["qa", "load", "deploy", "watch"];

/** Names of the check runs the readiness report reads: QA, load test and every custom report. */
export function isReportName(name: string): boolean {
  return isNameOf(name, READINESS_KINDS);
}

function isNameOf(name: string, kinds: readonly CommitEvidenceKind[]): boolean {
  return kinds.some((k) =>
    k === "custom" ? name.startsWith(`${CHECK_NAMES.custom}: `) : name === CHECK_NAMES[k],
  );
}
