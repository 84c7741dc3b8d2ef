/**
 * What a published report is about and who produced it, from the GitHub Actions runner's variables (`runner`):
 * `repository` and `sha` (the commit the check run is on), the workflow file (GITHUB_WORKFLOW_REF
 * `owner/repo/.github/workflows/qa.yml@ref` → `.github/workflows/qa.yml`) and the run
 * (GITHUB_RUN_ID). The app accepts a report only when these agree with the check run carrying it.
 */
export function runProvenance(
  runner: Record<string, string | undefined>,
  options: { sha: string; repository: string },
): { repository: string; sha: string; workflow?: string; runId?: number } {
  // The Actions runner's variables, passed in (a workflow run's, not the app's environment).
  const { GITHUB_WORKFLOW_REF: workflowRef, GITHUB_RUN_ID: run } = runner;
  const ref = /^[^/]+\/[^/]+\/([^@]+)@/.exec(workflowRef ?? "")?.[1];
  const runId = Number(run);
  return {
    repository: options.repository,
    sha: options.sha,
    ...(ref ? { workflow: ref } : {}),
    ...(Number.isInteger(runId) && runId > 0 ? { runId } : {}),
  };
}
