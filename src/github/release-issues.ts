import { checklistVersion } from "../release/checklist.js";
import { isFromThisApp } from "./comments.js";
import type { Octokit } from "./octokit.js";

/** A release's readiness-checklist issue, opened by this App for one version. */
export interface ReleaseIssue {
  number: number;
  version: string;
  state: string;
  /** When the release started (the issue's creation, ISO). */
  createdAt: string;
}

/**
 * The release issues this App opened (labelled `label`, with its checklist marker), newest first:
 * GET /repos/{o}/{r}/issues?labels=…&state=…. Issues anyone else wrote are never releases, however
 * they are worded.
 */
export async function listReleaseIssues(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  label: string,
  appId: number,
  state: "open" | "all" = "all",
): Promise<ReleaseIssue[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    labels: label,
    state,
    per_page: 100,
  });
  return issues
    .filter((i) => !i.pull_request && isFromThisApp(i, appId))
    .flatMap((i) => {
      const version = checklistVersion(i.body);
      return version ? [{ number: i.number, version, state: i.state, createdAt: i.created_at }] : [];
    })
    .sort((a, b) => b.number - a.number);
}
