import { isFromThisApp } from "../github/comments.js";
import type { RepoRef } from "../jobs/job.js";
import { progressKey } from "../jobs/progress-job.js";
import { parseTaskMarker } from "../markers.js";
import { type AppServices, enqueueJob } from "./shared.js";

/** The parts of a webhook issue (`issues.*`, or the REST issue of `sub_issues`/`issue_dependencies`) read here. */
export interface PayloadIssue {
  number: number;
  body?: string | null;
  user?: { type?: string } | null;
  performed_via_github_app?: { id?: number | null } | null;
  parent_issue_url?: string | null;
  repository_url?: string;
  pull_request?: unknown;
}

/** Default Mission Control debounce: one epic edit per 30 s burst of events. */
export const PROGRESS_DELAY_MS = 30_000;

/**
 * The epic a task belongs to, from the payload alone: the epic number of its task marker, read
 * only when this App created the issue (anyone can paste a marker into their own issue).
 */
export function epicOfTask(issue: PayloadIssue, appId: number): number | undefined {
  const app = issue.performed_via_github_app;
  if (
    !isFromThisApp(
      { user: issue.user ?? null, performed_via_github_app: app?.id ? { id: app.id } : null },
      appId,
    )
  )
    return undefined;
  return parseTaskMarker(issue.body)?.epic;
}

/** The parent's number when GitHub names it in the payload (`parent_issue_url`) and it is in `repo`. */
export function parentOf(issue: PayloadIssue, repo: RepoRef): number | undefined {
  const m = /\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(issue.parent_issue_url ?? "");
  if (
    !m ||
    m[1]?.toLowerCase() !== repo.owner.toLowerCase() ||
    m[2]?.toLowerCase() !== repo.repo.toLowerCase()
  )
    return undefined;
  return Number(m[3]);
}

/** Whether an issue's `repository_url` is the repository `repo`. */
export function inRepo(issue: PayloadIssue, repo: { owner: string; repo: string }): boolean {
  const url = (issue.repository_url ?? "").toLowerCase();
  return url.endsWith(`/repos/${repo.owner}/${repo.repo}`.toLowerCase());
}

/** A repository as `sub_issues` / `issue_dependencies` payloads name it (REST repository objects). */
export function repoRef(r: { name: string; owner: { login: string }; default_branch?: string }): RepoRef {
  return { owner: r.owner.login, repo: r.name, defaultBranch: r.default_branch ?? "main" };
}

/** Queues the (debounced, coalescing) Mission Control refresh of an epic. */
export async function enqueueProgress(
  context: { id: string; payload: unknown },
  services: AppServices,
  repo: RepoRef,
  epic: number,
  edit?: { before: string; after: string; at: string },
): Promise<void> {
  await enqueueJob(
    context,
    services,
    "epic.progress",
    progressKey(repo, epic),
    { ...repo, epic, ...(edit ? { edit } : {}) },
    services.progressDelayMs ?? PROGRESS_DELAY_MS,
  );
}

/**
 * A task (or any issue) changed: refresh its epic when the payload names it (our task marker,
 * `parent_issue_url`), else look up which epics it belongs to or blocks (one read, in a job).
 */
export async function onIssueOfSomeEpic(
  context: { id: string; payload: unknown },
  services: AppServices,
  repo: RepoRef,
  issue: PayloadIssue,
): Promise<void> {
  const epic = epicOfTask(issue, services.appId) ?? parentOf(issue, repo);
  if (epic !== undefined) return enqueueProgress(context, services, repo, epic);
  await enqueueJob(context, services, "epic.lookup", `${repo.owner}/${repo.repo}#${issue.number}:lookup`, {
    ...repo,
    issue: issue.number,
    progressDelayMs: services.progressDelayMs ?? PROGRESS_DELAY_MS,
  });
}
