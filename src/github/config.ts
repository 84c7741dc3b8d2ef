import { type ConfigResult, parseConfig } from "../config/parse.js";
import { CONFIG_PATH } from "../config/schema.js";
import type { Octokit } from "./octokit.js";

/** A config and where it came from (for messages). */
export type LoadedConfig = ConfigResult & { source: string };

/**
 * Loads `.github/flightdeck.yml` from the repository's default branch — never from a PR head,
 * so a pull request cannot weaken its own gate — falling back to the organization's `.github`
 * repository, then to the defaults. Uses GET /repos/{owner}/{repo}/contents/{path}?ref=.
 *
 * @returns the parsed config, or the problems found (file, key path, line, expectation)
 * @throws Error on API failures other than 404 (the caller reports them)
 */
export async function loadRepoConfig(
  octokit: Octokit,
  repo: { owner: string; repo: string; defaultBranch: string },
): Promise<LoadedConfig> {
  const own = await readFile(octokit, repo.owner, repo.repo, repo.defaultBranch);
  if (own !== undefined)
    return { ...parseConfig(own, CONFIG_PATH), source: `${repo.owner}/${repo.repo}:${CONFIG_PATH}` };
  if (repo.repo !== ".github") {
    const org = await readFile(octokit, repo.owner, ".github", undefined);
    if (org !== undefined) {
      const file = `${repo.owner}/.github:${CONFIG_PATH}`;
      return { ...parseConfig(org, file), source: file };
    }
  }
  return { ...parseConfig(""), source: "defaults" };
}

async function readFile(
  octokit: Octokit,
  owner: string,
  repo: string,
  ref: string | undefined,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: CONFIG_PATH,
      ...(ref ? { ref } : {}),
    });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
