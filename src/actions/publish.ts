import * as core from "@actions/core";
import * as github from "@actions/github";
import { runProvenance } from "../reports/provenance.js";
import { CHECK_TEXT_LIMIT, checkName, reportCheckOutput } from "../reports/publish.js";
import type { Report, TestFailure } from "../reports/schema.js";

/**
 * GitHub accepts at most 50 annotations per check-run request (POST/PATCH …/check-runs,
 * `output.annotations`); Flightdeck sends one request's worth — the most important 50.
 */
export const ANNOTATIONS_PER_REQUEST = 50;

type Conclusion = "success" | "neutral" | "failure" | "action_required";

/**
 * Publishes a report as its check run on the commit ("Flightdeck QA", …): the summary people
 * read, the embedded report the app reads back by SHA, and at most 50 failure annotations — the
 * most important: P0 failures first (the report's order) — in one POST /repos/{o}/{r}/check-runs.
 * When failures were left out, the check run's summary says how many (see `annotationNote`).
 * Without `checks: write` it warns with the fix and returns false instead of failing the step.
 */
export async function publishCheckRun(
  report: Report,
  conclusion: Conclusion,
  options: { token: string; sha: string; repository: string; apiUrl?: string; summary?: string },
): Promise<boolean> {
  const [owner, repo] = options.repository.split("/") as [string, string];
  const octokit = github.getOctokit(options.token, options.apiUrl ? { baseUrl: options.apiUrl } : {});
  const output = reportCheckOutput({ ...report, ...runProvenance(process.env, options) });
  const { annotations, note } = selectAnnotations(report);
  const summary = options.summary ?? output.summary;
  const base = {
    title: output.title,
    // The note fits within GitHub's 65,535 characters: the summary gives way, not the note.
    summary:
      note && !summary.includes(note)
        ? `${summary.slice(0, CHECK_TEXT_LIMIT - note.length - 2)}\n\n${note}`
        : summary,
    text: output.text,
  };
  try {
    await octokit.rest.checks.create({
      owner,
      repo,
      name: checkName(report),
      head_sha: options.sha,
      status: "completed",
      conclusion,
      completed_at: new Date().toISOString(),
      output: { ...base, annotations },
    });
    return true;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) {
      core.warning(
        `Could not create the "${checkName(report)}" check run (HTTP ${status}). Give the job \`permissions: checks: write\` ` +
          "so the Flightdeck app and reviewers see the report on the commit; the report file and job summary are complete.",
      );
      return false;
    }
    throw error;
  }
}

/** Check-run annotations for failing tests that have a file; tests without one are in the summary. */
export function failureAnnotations(failures: TestFailure[]) {
  return failures
    .filter((f) => f.file)
    .map((f) => ({
      path: (f.file as string).replace(/^\.\//, ""),
      start_line: f.line ?? 1,
      end_line: f.line ?? 1,
      annotation_level: "failure" as const,
      title: `[${f.priority}] ${f.name}`.slice(0, 255),
      message: f.message.slice(0, 64_000) || "(no message)",
    }));
}

/**
 * The annotations a report's check run carries: its failures that have a file, the first 50 in
 * the report's order (P0 first), and a note saying how many failing tests are not annotated
 * (left out by the cap, or without a file); the note is empty when every failure is annotated.
 */
export function selectAnnotations(report: Report): {
  annotations: ReturnType<typeof failureAnnotations>;
  note: string;
} {
  if (report.kind !== "qa") return { annotations: [], note: "" };
  const all = failureAnnotations(report.failures);
  const annotations = all.slice(0, ANNOTATIONS_PER_REQUEST);
  return { annotations, note: annotationNote(report.failures.length, annotations.length, all.length) };
}

/** "Annotated 50 of 120 failing tests …" — empty when all are annotated. */
export function annotationNote(failing: number, annotated: number, withFile: number): string {
  if (annotated === failing) return "";
  const capped = withFile - annotated;
  const noFile = failing - withFile;
  const reasons = [
    capped > 0
      ? `${capped} left out because GitHub accepts ${ANNOTATIONS_PER_REQUEST} annotations per request (the most important are shown: P0 first)`
      : "",
    noFile > 0 ? `${noFile} without a file to point at` : "",
  ].filter(Boolean);
  return `Annotated ${annotated} of ${failing} failing tests; ${failing - annotated} not annotated: ${reasons.join("; ")}. All are in the report file.`;
}
