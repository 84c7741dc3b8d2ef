import type { CommitRun } from "../gates/commit-evidence.js";
import type { Octokit } from "./octokit.js";

/** A check run as Flightdeck reads it back (GET /repos/{o}/{r}/commits/{ref}/check-runs). */
export interface ListedCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  completed_at: string | null;
  details_url?: string | null;
  /** The check run's page on github.com. */
  html_url?: string | null;
  /** The App that created the check run; only that App can update it. */
  app?: { id: number; slug?: string } | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

/** Output and conclusion of a check run Flightdeck writes. */
export interface CheckRunWrite {
  name: string;
  conclusion: "success" | "neutral" | "failure" | "action_required";
  title: string;
  summary: string;
  text: string;
  detailsUrl?: string;
  /** Requested-action buttons (≤3; label ≤20, description ≤40, identifier ≤20 characters). */
  actions?: Array<{ label: string; description: string; identifier: string }>;
}

/** Lists the check runs of a commit, all pages (GitHub caps a page at 100). */
export async function listCheckRuns(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
): Promise<ListedCheckRun[]> {
  const runs = (await octokit.paginate(octokit.rest.checks.listForRef, {
    ...repo,
    ref: sha,
    per_page: 100,
  })) as ListedCheckRun[];
  return runs;
}

/**
 * The check runs of a commit as commitEvidence judges them (GET …/commits/{sha}/check-runs, all
 * pages); a run without a page of its own links to the commit's checks tab.
 */
export async function listCommitRuns(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
): Promise<CommitRun[]> {
  const checks = `https://github.com/${repo.owner}/${repo.repo}/commit/${sha}/checks`;
  return (await listCheckRuns(octokit, repo, sha)).map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    completedAt: r.completed_at,
    appId: r.app?.id,
    text: r.output.text,
    url: r.html_url ?? r.details_url ?? checks,
  }));
}

/**
 * Creates the named check run on a commit, or updates the existing one — and writes nothing
 * when its conclusion, title, summary and text are already what they should be.
 * POST /repos/{o}/{r}/check-runs, PATCH /repos/{o}/{r}/check-runs/{id}.
 * @returns what happened
 */
export async function upsertCheckRun(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
  existing: ListedCheckRun | undefined,
  run: CheckRunWrite,
): Promise<"created" | "updated" | "unchanged"> {
  if (
    existing &&
    existing.status === "completed" &&
    existing.conclusion === run.conclusion &&
    existing.output.title === run.title &&
    existing.output.summary === run.summary &&
    existing.output.text === run.text
  ) {
    return "unchanged";
  }
  const body = {
    ...repo,
    status: "completed" as const,
    conclusion: run.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: run.title.slice(0, 255), summary: run.summary, text: run.text },
    ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
    ...(run.actions ? { actions: run.actions } : {}),
  };
  if (existing) {
    await octokit.rest.checks.update({ ...body, check_run_id: existing.id });
    return "updated";
  }
  await octokit.rest.checks.create({ ...body, name: run.name, head_sha: sha });
  return "created";
}
