import type { SpendEntry } from "../budget/ledger.js";
import { evaluateDoctor } from "../doctor/checks.js";
import { probeModel } from "../doctor/llm-probe.js";
import { doctorMarkdown, doctorMarker } from "../doctor/render.js";
import { acknowledge, findMarkedComment, postComment, replyCause } from "../github/comments.js";
import { readDoctorFacts } from "../github/doctor-facts.js";
import { authorizeWriter } from "../github/permissions.js";
import { runStandup } from "../github/standup.js";
import { summaryHook } from "../standup/summary-hook.js";
import { configOrReport } from "./config-report.js";
import type { JobSpec } from "./job.js";
import { llmAccess, recordSpend, spendRefusal } from "./llm-spend.js";
import { ledgerBudget } from "./ops-budget.js";

/**
 * `/flightdeck doctor [check-llm]` by a user with write access (asked through the API, fail
 * closed): reads the repository's facts with the installation's token and the App's JWT (the
 * installation's permissions and events, webhook deliveries) and answers with the PASS / WARN /
 * FAIL report. Exactly once per command: the answer carries the command comment's id in its
 * marker and is looked up before it is posted. `check-llm` makes one tiny model call.
 */
export const doctorCommand: JobSpec<"doctor"> = {
  async run(ctx, d) {
    const { deps } = ctx;
    const { octokit } = deps;
    const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) {
      deps.log.info(`ignoring /flightdeck doctor by ${d.sender} (permission: ${auth.permission})`);
      return;
    }
    const ref = { owner: d.owner, repo: d.repo, issue_number: d.issue };
    const marker = doctorMarker(d.commentId);
    if (await findMarkedComment(octokit, ref, marker, deps.appId)) return;
    await acknowledge(octokit, ref, d.commentId);
    const llm = deps.llm;
    const facts = await readDoctorFacts(octokit, {
      owner: d.owner,
      repo: d.repo,
      mode: "app",
      appId: deps.appId,
      ...(deps.appOctokit ? { appOctokit: deps.appOctokit } : {}),
      llm: {
        keyPresent: Boolean(llm),
        ...(llm && /\bcheck-llm\b/.test(d.args) ? { check: (model: string) => probeModel(llm, model) } : {}),
      },
      budgetState: deps.budgetState ?? ledgerBudget(deps, d),
      now: deps.now(),
    });
    await postComment(
      octokit,
      ref,
      `${marker}\n${doctorMarkdown(evaluateDoctor(facts))}`,
      replyCause(deps.appId, ctx.job, d.commentId),
    );
  },
};

/**
 * `/flightdeck standup` on an epic by a user with write access: posts (or updates) today's
 * standup digest on the epic, the same comment the CLI and actions/standup write. The AI summary
 * goes through the budget (`llmAccess` with the epic's `budget.perEpicUsd`, then `spendRefusal`
 * with the call's worst case) and its cost is recorded in the ledger (`recordSpend`).
 */
export const standupCommand: JobSpec<"standup"> = {
  async run(ctx, d) {
    const { deps } = ctx;
    const { octokit } = deps;
    const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) {
      deps.log.info(`ignoring /flightdeck standup by ${d.sender} (permission: ${auth.permission})`);
      return;
    }
    const config = await configOrReport(deps, d, d.epic);
    if (!config) return;
    await acknowledge(octokit, { owner: d.owner, repo: d.repo, issue_number: d.epic }, d.commentId);
    const access = await llmAccess(deps, d, config, d.epic);
    if (!access.ok && deps.llm) deps.log.info(`standup of #${d.epic}: no AI summary (${access.why})`);
    const spent: SpendEntry[] = [];
    const result = await runStandup(octokit, {
      owner: d.owner,
      repo: d.repo,
      epic: d.epic,
      config,
      now: deps.now(),
      post: true,
      baselineSecret: deps.secret,
      ...(access.ok
        ? {
            summarize: summaryHook(access.client, config, {
              refuse: (worst) => spendRefusal(access, config, worst),
              now: deps.now,
              spent,
              skipped: (epic, why) => deps.log.info(`standup of #${epic}: no AI summary (${why})`),
            }),
          }
        : {}),
    });
    // Recorded after the digest is written: a failed write is retried, and the spend with it.
    await recordSpend(ctx, d, spent);
    deps.log.info(`standup of #${d.epic}: ${result.posted}`);
  },
};
