import * as core from "@actions/core";
import * as github from "@actions/github";
import { checkName, reportCheckOutput } from "../reports/publish.js";
import type { Report, TestFailure } from "../reports/schema.js";

/** GitHub accepts at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

type Conclusion = "success" | "neutral" | "failure" | "action_required";

/**
 * Publishes a report as its check run on the commit ("Flightdeck QA", …): the summary people
 * read, the embedded report the app reads back by SHA, and failure annotations in batches of 50
 * (POST /repos/{o}/{r}/check-runs, then PATCH …/check-runs/{id} per further batch).
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
  const annotations = report.kind === "qa" ? failureAnnotations(report.failures) : [];
  const batches = chunk(annotations, ANNOTATIONS_PER_REQUEST);
  const base = {
    title: output.title,
    summary: options.summary ?? output.summary,
    text: output.text,
  };
  try {
    const { data } = await octokit.rest.checks.create({
      owner,
      repo,
      name: checkName(report),
      head_sha: options.sha,
      status: "completed",
      conclusion,
      completed_at: new Date().toISOString(),
      output: { ...base, annotations: batches[0] ?? [] },
    });
    for (const batch of batches.slice(1)) {
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: data.id,
        output: { ...base, annotations: batch },
      });
    }
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

/**
 * What a published report is about and who produced it, from the GitHub Actions environment:
 * `repository` and `sha` (the commit the check run is on), the workflow file (GITHUB_WORKFLOW_REF
 * `owner/repo/.github/workflows/qa.yml@ref` → `.github/workflows/qa.yml`) and the run
 * (GITHUB_RUN_ID). The app accepts a report only when these agree with the check run carrying it.
 */
export function runProvenance(
  env: Record<string, string | undefined>,
  options: { sha: string; repository: string },
): { repository: string; sha: string; workflow?: string; runId?: number } {
  const ref = /^[^/]+\/[^/]+\/([^@]+)@/.exec(env.GITHUB_WORKFLOW_REF ?? "")?.[1];
  const runId = Number(env.GITHUB_RUN_ID);
  return {
    repository: options.repository,
    sha: options.sha,
    ...(ref ? { workflow: ref } : {}),
    ...(Number.isInteger(runId) && runId > 0 ? { runId } : {}),
  };
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

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
