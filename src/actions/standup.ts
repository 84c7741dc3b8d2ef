import * as core from "@actions/core";
import * as github from "@actions/github";
import type { SpendEntry } from "../budget/ledger.js";
import { formatConfigProblems } from "../config/parse.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { openEpics, runStandup } from "../github/standup.js";
import { outsideBudget } from "../github/standup-budget.js";
import { anthropicClient } from "../llm/anthropic.js";
import type { LlmClient } from "../planner/llm.js";
import { summaryHook } from "../standup/summary-hook.js";
import { number } from "./inputs.js";

/** What the Action says about the budget ledger (it holds no App key: it never writes the ledger). */
const HINTS = {
  readHint: "give the Action the App's id (input app-id)",
  writeHint:
    "this Action holds no App key by design; run `flightdeck standup --summary` with APP_ID and PRIVATE_KEY, or /flightdeck standup in the app, to have it recorded",
};

/**
 * The standup Action (actions/standup), for a scheduled workflow: the standup digest of one epic
 * (`epic` input) or of every open epic (issues with the config's trigger label), posted as one
 * comment per epic and day (`post: false` only writes the job summary), with the same core as
 * `flightdeck standup` and `/flightdeck standup`. The config is read from the default branch.
 * Outputs `epics` (the epic numbers, comma-separated) and `posted` (how many comments were
 * created or updated). The digests also go to the job summary.
 *
 * With `anthropic-api-key` (passed through the environment, masked), each digest opens with an
 * AI summary within `llm.maxCostUsd` and the budget: with `app-id` the month's ledger is read;
 * a configured budget without it refuses the summary. The Action cannot record the summary's
 * cost (only the App writes the ledger): a warning and the job summary say so.
 *
 * @param llm a Claude client (tests inject one); default from the `anthropic-api-key` input
 * @returns 0, or 1 when an input is unusable or GitHub refuses a read or write
 */
export async function runStandupAction(
  env: NodeJS.ProcessEnv = process.env,
  llm?: LlmClient,
): Promise<number> {
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
    const key = core.getInput("anthropic_api_key");
    if (key) core.setSecret(key);
    const client = llm ?? (key ? anthropicClient(key) : undefined);
    const appId = number(core.getInput("app_id"), "app-id", { min: 1, integer: true });

    const { data } = await octokit.rest.repos.get({ owner, repo });
    const ref = { owner, repo, defaultBranch: data.default_branch };
    const loaded = await loadRepoConfig(octokit, ref);
    if (!loaded.ok) throw new Error(formatConfigProblems(loaded).replace(/\*\*/g, ""));
    const epics = epic ? [epic] : await openEpics(octokit, owner, repo, loaded.config.trigger.label);
    let posted = 0;
    const summary = core.summary.addRaw("## Flightdeck standup\n\n");
    if (!epics.length) summary.addRaw(`No open epic (issues labelled "${loaded.config.trigger.label}").\n`);
    const ledger = { appId, reader: octokit, ...HINTS };
    let unrecordedUsd = 0; // none of it reaches the ledger: later epics count it
    for (const n of epics) {
      const spent: SpendEntry[] = [];
      const budget = client ? await outsideBudget(ledger, ref, loaded.config, n, new Date()) : undefined;
      const result = await runStandup(octokit, {
        owner,
        repo,
        epic: n,
        config: loaded.config,
        now: new Date(),
        post,
        ...(since ? { since } : {}),
        ...(client && budget
          ? {
              summarize: summaryHook(client, loaded.config, {
                refuse: (worst) => budget.refuse(worst, unrecordedUsd),
                now: () => new Date(),
                spent,
                skipped: (e, why) => core.warning(`no AI summary for #${e}: ${why}`),
              }),
            }
          : {}),
      });
      if (result.posted === "created" || result.posted === "updated") posted++;
      core.info(`#${n}: standup ${result.posted}`);
      summary.addRaw(`${result.markdown}\n\n`);
      const settled = await budget?.settle(spent);
      if (settled) {
        unrecordedUsd += spent.reduce((a, e) => a + e.usd, 0);
        core.warning(`#${n}: ${settled.note}`);
        summary.addRaw(`> ${settled.note}\n\n`);
      }
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
