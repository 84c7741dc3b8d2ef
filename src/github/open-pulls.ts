import type { Octokit } from "./octokit.js";

/** Pages of 100 open pull requests a fan-out reads at most (300 pull requests). */
export const MAX_OPEN_PULL_PAGES = 3;

/**
 * The numbers of a repository's open pull requests, most recently updated first, at most
 * `maxPages` pages of 100 (GET /repos/{o}/{r}/pulls?state=open&sort=updated&direction=desc).
 * @returns the numbers, and `truncated` when GitHub had more pages than were read
 */
export async function listOpenPulls(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  maxPages = MAX_OPEN_PULL_PAGES,
): Promise<{ pulls: number[]; truncated: boolean }> {
  let pages = 0;
  let truncated = false;
  const pulls = await octokit.paginate(
    octokit.rest.pulls.list,
    { owner: repo.owner, repo: repo.repo, state: "open", sort: "updated", direction: "desc", per_page: 100 },
    (response, done) => {
      if (++pages >= maxPages) {
        truncated = /rel="next"/.test(response.headers.link ?? "");
        done();
      }
      return response.data.map((p) => p.number);
    },
  );
  return { pulls, truncated };
}
