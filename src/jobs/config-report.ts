import { formatConfigProblems } from "../config/parse.js";
import type { Config } from "../config/schema.js";
import { upsertMarkedComment } from "../github/comments.js";
import { type LoadedConfig, loadRepoConfig } from "../github/config.js";
import type { RepoRef } from "./job.js";
import type { JobDeps } from "./types.js";

/**
 * Loads the repository's config; when it is invalid, says so on the issue (one sticky comment
 * naming the file, key path and expectation) and returns undefined so nothing else happens.
 * @param already the config when the caller has read it
 */
export async function configOrReport(
  deps: JobDeps,
  repo: RepoRef,
  issueNumber: number,
  already?: LoadedConfig,
): Promise<Config | undefined> {
  const loaded = already ?? (await loadRepoConfig(deps.octokit, repo));
  if (loaded.ok) return loaded.config;
  const marker = `<!-- flightdeck:config-error issue=${issueNumber} -->`;
  await upsertMarkedComment(
    deps.octokit,
    { owner: repo.owner, repo: repo.repo, issue_number: issueNumber },
    marker,
    `${marker}\n${formatConfigProblems(loaded)}`,
    deps.appId,
  );
  deps.log.warn(`invalid config in ${loaded.source}`);
  return undefined;
}
