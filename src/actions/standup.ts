import * as core from "@actions/core";
import * as github from "@actions/github";
import { formatConfigProblems } from "../config/parse.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { openEpics, runStandup } from "../github/standup.js";
import { number } from "./inputs.js";

/**
 * The standup Action (actions/standup), for a scheduled workflow: the standup digest of one epic
 * (`epic` input) or of every open epic (issues with the config's trigger label), posted as one
 * comment per epic and day (`post: false` only writes the job summary), with the same core as
 * `flightdeck standup` and `/flightdeck standup`. The config is read from the default branch.
 * Outputs `epics` (the epic numbers, comma-separated) and `posted` (how many comments were
 * created or updated). The digests also go to the job summary.
 *
 * @returns 0, or 1 when an input is unusable or GitHub refuses a read or write
 */
export async function runStandupAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo) throw new Error("GITHUB_REPOSITORY is not set (owner/name)");
    const token = core.getInput("github_token");
    if (!token) throw new Error("input github-token is empty: a token with issues: write is needed");
    const octokit = github.getOctokit(
      token,
      env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {},
    ) as unknown as Octokit;
    const epic = number(core.getInput("epic"), "epic", { min: 1, integer: true });
    const sinceInput = core.getInput("since").trim();
    const since = sinceInput ? isoSince(sinceInput) : undefined;
    const post = core.getBooleanInput("post");

    const { data } = await octokit.rest.repos.get({ owner, repo });
    const loaded = await loadRepoConfig(octokit, { owner, repo, defaultBranch: data.default_branch });
    if (!loaded.ok) throw new Error(formatConfigProblems(loaded).replace(/\*\*/g, ""));
    const epics = epic ? [epic] : await openEpics(octokit, owner, repo, loaded.config.trigger.label);
    let posted = 0;
    const summary = core.summary.addRaw("## Flightdeck standup\n\n");
    if (!epics.length) summary.addRaw(`No open epic (issues labelled "${loaded.config.trigger.label}").\n`);
    for (const n of epics) {
      const result = await runStandup(octokit, {
        owner,
        repo,
        epic: n,
        config: loaded.config,
        now: new Date(),
        post,
        ...(since ? { since } : {}),
      });
      if (result.posted === "created" || result.posted === "updated") posted++;
      core.info(`#${n}: standup ${result.posted}`);
      summary.addRaw(`${result.markdown}\n\n`);
    }
    await summary.write();
    core.setOutput("epics", epics.join(","));
    core.setOutput("posted", String(posted));
    return 0;
  } catch (error) {
    core.setFailed((error as Error).message);
    return 1;
  }
}

/** The `since` input: a date (midnight UTC) or an ISO 8601 time. @throws Error naming the input */
function isoSince(text: string): string {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t))
    throw new Error(
      `input since must be a date like 2026-12-01 or a time like 2026-12-01T09:00:00Z, got "${text}"`,
    );
  return new Date(t).toISOString();
}
