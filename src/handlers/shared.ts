import type { Context } from "probot";
import { formatConfigProblems } from "../config/parse.js";
import type { Config } from "../config/schema.js";
import { upsertMarkedComment } from "../github/comments.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import type { PermissionCache } from "../github/permission-cache.js";
import type { JobQueue } from "../jobs/queue.js";
import type { JobDeps } from "../jobs/types.js";
import type { LlmClient } from "../planner/llm.js";

/** What every handler shares: the queue and the process-wide settings. */
export interface AppServices {
  queue: JobQueue;
  /** Who may approve, remembered briefly across gate evaluations. */
  permissions: PermissionCache;
  secret: string;
  /** This App's numeric id (env APP_ID): what "written by Flightdeck" is checked against. */
  appId: number;
  llm?: LlmClient;
  now: () => Date;
  applyTiming?: JobDeps["applyTiming"];
}

type RepoContext = Context<
  | "issues"
  | "issue_comment"
  | "pull_request"
  | "pull_request_review"
  | "check_run"
  | "deployment_protection_rule"
>;

/** The repository of an issue event, with its default branch (config is read only from there). */
export function repoOf(context: RepoContext) {
  const r = context.payload.repository;
  return { owner: r.owner.login, repo: r.name, defaultBranch: r.default_branch };
}

/** Job dependencies bound to this delivery's installation token and logger. */
export function jobDeps(
  context: RepoContext,
  services: AppServices,
): JobDeps & { permissions: PermissionCache } {
  return {
    permissions: services.permissions,
    octokit: context.octokit as unknown as Octokit,
    log: {
      info: (m) => context.log.info(m),
      warn: (m) => context.log.warn(m),
      error: (m) => context.log.error(m),
    },
    secret: services.secret,
    appId: services.appId,
    now: services.now,
    ...(services.llm ? { llm: services.llm } : {}),
    ...(services.applyTiming ? { applyTiming: services.applyTiming } : {}),
  };
}

/**
 * Loads the repository's config; when it is invalid, says so on the issue (one sticky comment
 * naming the file, key path and expectation) and returns undefined so nothing else happens.
 * `report: false` stays silent (for events that may not concern Flightdeck at all).
 */
export async function configOrReport(
  context: RepoContext,
  services: Pick<AppServices, "appId">,
  issueNumber: number,
  report = true,
): Promise<Config | undefined> {
  const loaded = await loadRepoConfig(context.octokit as unknown as Octokit, repoOf(context));
  if (loaded.ok) return loaded.config;
  if (!report) return undefined;
  const { owner, repo } = repoOf(context);
  const marker = `<!-- flightdeck:config-error issue=${issueNumber} -->`;
  await upsertMarkedComment(
    context.octokit as unknown as Octokit,
    { owner, repo, issue_number: issueNumber },
    marker,
    `${marker}\n${formatConfigProblems(loaded)}`,
    services.appId,
  );
  context.log.warn(`invalid config in ${loaded.source}`);
  return undefined;
}

/** Queue key of an epic: its jobs run one at a time. */
export function epicKey(context: RepoContext, issueNumber: number): string {
  const { owner, repo } = repoOf(context);
  return `${owner}/${repo}#${issueNumber}`;
}
