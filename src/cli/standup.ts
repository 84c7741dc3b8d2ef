import type { SpendEntry } from "../budget/ledger.js";
import { formatConfigProblems } from "../config/parse.js";
import { loadRepoConfig } from "../github/config.js";
import { openEpics, runStandup } from "../github/standup.js";
import { outsideBudget } from "../github/standup-budget.js";
import { anthropicClient } from "../llm/anthropic.js";
import type { LlmClient } from "../planner/llm.js";
import { summaryHook } from "../standup/summary-hook.js";
import { appIdentity } from "./app-auth.js";
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

/** How the CLI reaches the budget ledger, for its messages. */
const LEDGER_HINT =
  "set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) so the CLI reads and writes the ledger as the App";
const HINTS = { readHint: LEDGER_HINT, writeHint: `${LEDGER_HINT}, or use /flightdeck standup in the app` };

/**
 * `flightdeck standup --repo OWNER/NAME [--epic N] [--since DATE] [--post] [--summary]`: the
 * standup digest of one epic or of every open epic (issues with the config's trigger label),
 * printed, or with --post written as one comment per epic and day (the same core as
 * actions/standup and the app). `--summary` asks Claude for an opening paragraph within the
 * budget: with the App's id (APP_ID, --app-id) the month's ledger is read; with its private key
 * too the summary's cost is recorded there as the App; otherwise a warning says it is not.
 * @throws CliError for bad options, a missing token or an invalid config
 */
export async function standupCommand(
  options: {
    repo: string;
    epic?: string;
    since?: string;
    post?: boolean;
    summary?: boolean;
    appId?: string;
    privateKeyPath?: string;
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
  const app = llm ? appIdentity(io, options) : {};
  const octokit = githubClient(
    io,
    `a token with issues: ${options.post ? "write" : "read"} on the repository`,
  );
  const { data } = await octokit.rest.repos.get({ owner, repo });
  const ref = { owner, repo, defaultBranch: data.default_branch };
  const loaded = await loadRepoConfig(octokit, ref);
  if (!loaded.ok) throw new CliError(formatConfigProblems(loaded).replace(/\*\*/g, ""));
  const epics = epic ? [epic] : await openEpics(octokit, owner, repo, loaded.config.trigger.label);
  if (!epics.length) {
    io.stdout(`No open epic in ${owner}/${repo} (issues labelled "${loaded.config.trigger.label}").`);
    return;
  }
  const ledger = {
    appId: app.appId,
    reader: octokit,
    writer: app.auth ? await app.auth.installation(owner, repo) : undefined,
    ...HINTS,
  };
  let unrecordedUsd = 0; // spent in this run and not in the ledger: later epics count it
  for (const n of epics) {
    const spent: SpendEntry[] = [];
    const budget = llm ? await outsideBudget(ledger, ref, loaded.config, n, io.now()) : undefined;
    const result = await runStandup(octokit, {
      owner,
      repo,
      epic: n,
      config: loaded.config,
      now: io.now(),
      post: Boolean(options.post),
      ...(since ? { since } : {}),
      ...(llm && budget
        ? {
            summarize: summaryHook(llm, loaded.config, {
              refuse: (worst) => budget.refuse(worst, unrecordedUsd),
              now: io.now,
              spent,
              skipped: (e, why) => io.stderr(`warning: no AI summary for #${e}: ${why}`),
            }),
          }
        : {}),
    }).catch((error: Error) => {
      throw new CliError(error.message);
    });
    if (result.posted === "printed") io.stdout(`${result.markdown}\n`);
    else io.stdout(`${owner}/${repo}#${n}: standup ${result.posted}`);
    const settled = await budget?.settle(spent);
    if (settled && !settled.recorded) unrecordedUsd += spent.reduce((a, e) => a + e.usd, 0);
    if (settled) io.stderr(`${settled.recorded ? "note" : "warning"}: #${n}: ${settled.note}`);
  }
}
