import { FlightdeckOctokit, type Octokit } from "../github/octokit.js";
import { CliError, type CliIo } from "./io.js";

/** Parses `--repo OWNER/NAME`. @throws CliError (usage) naming the expected form */
export function parseRepo(text: string): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(text);
  if (!m) throw new CliError(`--repo must be OWNER/NAME, got "${text}"`, 2);
  return { owner: m[1] as string, repo: m[2] as string };
}

/**
 * The GitHub client for GITHUB_TOKEN (or GH_TOKEN), on GITHUB_API_URL when set.
 * @param needs what the token must allow, for the error message
 * @throws CliError (usage) when no token is set
 */
export function githubClient(io: CliIo, needs: string): Octokit {
  const token = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
  if (!token) throw new CliError(`GITHUB_TOKEN is not set: ${needs} is needed.`, 2);
  return (
    io.octokit?.(token) ??
    (new FlightdeckOctokit({
      auth: token,
      ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
    }) as Octokit)
  );
}
