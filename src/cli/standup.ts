import { formatConfigProblems } from "../config/parse.js";
import { loadRepoConfig } from "../github/config.js";
import { openEpics, runStandup } from "../github/standup.js";
import { anthropicClient } from "../llm/anthropic.js";
import type { LlmClient } from "../planner/llm.js";
import { summarizeDigest } from "../standup/summary-llm.js";
import { positiveInt } from "./inputs.js";
import { CliError, type CliIo } from "./io.js";
import { githubClient, parseRepo } from "./repo.js";

/** Parses `--since`: a date (YYYY-MM-DD, midnight UTC) or an ISO 8601 time. @throws CliError (usage) */
export function sinceOption(text: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const t = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t))
    throw new CliError(
      `--since must be a date like 2026-12-01 or a time like 2026-12-01T09:00:00Z, got "${text}"`,
      2,
    );
  return new Date(t).toISOString();
}

/**
 * `flightdeck standup --repo OWNER/NAME [--epic N] [--since DATE] [--post]`: the standup digest
 * of one epic or of every open epic (issues with the config's trigger label), printed, or with
 * --post written as one comment per epic and day (the same core as actions/standup and the app).
 * @throws CliError for bad options, a missing token or an invalid config
 */
export async function standupCommand(
  options: {
    repo: string;
    epic?: string;
    since?: string;
    post?: boolean;
    summary?: boolean;
    llm?: LlmClient;
  },
  io: CliIo,
): Promise<void> {
  const { owner, repo } = parseRepo(options.repo);
  const epic = options.epic ? positiveInt("--epic", options.epic) : undefined;
  const since = options.since ? sinceOption(options.since) : undefined;
  const key = io.env.ANTHROPIC_API_KEY;
  if (options.summary && !key && !options.llm)
    throw new CliError("--summary needs ANTHROPIC_API_KEY (the digest itself needs no model)", 2);
  const llm = options.summary ? (options.llm ?? anthropicClient(key as string)) : undefined;
  const octokit = githubClient(
    io,
    `a token with issues: ${options.post ? "write" : "read"} on the repository`,
  );
  const { data } = await octokit.rest.repos.get({ owner, repo });
  const loaded = await loadRepoConfig(octokit, { owner, repo, defaultBranch: data.default_branch });
  if (!loaded.ok) throw new CliError(formatConfigProblems(loaded).replace(/\*\*/g, ""));
  const epics = epic ? [epic] : await openEpics(octokit, owner, repo, loaded.config.trigger.label);
  if (!epics.length) {
    io.stdout(`No open epic in ${owner}/${repo} (issues labelled "${loaded.config.trigger.label}").`);
    return;
  }
  for (const n of epics) {
    const result = await runStandup(octokit, {
      owner,
      repo,
      epic: n,
      config: loaded.config,
      now: io.now(),
      post: Boolean(options.post),
      ...(since ? { since } : {}),
      ...(llm
        ? {
            summarize: async (digest) => {
              const s = await summarizeDigest(llm, digest, loaded.config);
              if (s.ok) return { text: s.text, costUsd: s.costUsd };
              io.stderr(`warning: no AI summary for #${n}: ${s.reason}`);
              return undefined;
            },
          }
        : {}),
    }).catch((error: Error) => {
      throw new CliError(error.message);
    });
    if (result.posted === "printed") io.stdout(`${result.markdown}\n`);
    else io.stdout(`${owner}/${repo}#${n}: standup ${result.posted}`);
  }
}
