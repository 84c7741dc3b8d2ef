import type { Config } from "../config/schema.js";
import { acknowledge, postComment, replyCause, upsertMarkedComment } from "../github/comments.js";
import { loadRepoConfig } from "../github/config.js";
import { gatherLaunchFacts } from "../github/launch-facts.js";
import { readBudgetState } from "../github/ledger.js";
import { authorizeWriter } from "../github/permissions.js";
import { listReleaseIssues, type ReleaseIssue } from "../github/release-issues.js";
import { narrateLaunch } from "../launch/narrative.js";
import { type ReportScope, renderLaunchReport, reportMarker } from "../launch/render.js";
import { buildLaunchReport } from "../launch/report.js";
import { sameVersion } from "../release/checklist.js";
import { configOrReport } from "./config-report.js";
import type { JobSpec, RepoRef } from "./job.js";
import { llmAccess, recordSpend } from "./llm-spend.js";
import type { JobDeps } from "./types.js";

/**
 * The data of a `launch.report` job: what made it (a successful deployment, a command, an epic
 * closing) and what that says about the scope. The worker resolves the scope against GitHub.
 */
export type LaunchReportJob = RepoRef &
  (
    | { trigger: "deployment"; sha: string; environment: string; refs: string[] }
    | { trigger: "command"; issue: number; labels: string[]; sender: string; commentId: number }
    | { trigger: "epic-closed"; epic: number; labels: string[] }
    | { trigger: "milestone-closed"; milestone: number; title: string }
  );

/**
 * Posts (or refreshes) the launch report: on the release issue and its epics when a release
 * reaches the configured production environment (`release.report.environment`), its milestone
 * (titled like the version, the one its epics are read from) closes, or a release manager
 * comments `/flightdeck report` on the release issue; on the epic alone when an epic
 * closes or `/flightdeck report` is commented on it. One sticky comment per scope and issue, so
 * redeliveries and retries converge. Commands need write access; anyone else causes no writes.
 */
export const launchReport: JobSpec<"launch.report"> = {
  async run(ctx, d) {
    const { deps } = ctx;
    const { octokit } = deps;
    const repo = { owner: d.owner, repo: d.repo };
    if (d.trigger === "command") {
      const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
      if (!auth.allowed) return;
    }
    // Only a command is answered with the config's problems: closing any issue of a repository
    // with a broken config must not comment on it.
    const config =
      d.trigger === "command" ? await configOrReport(deps, d, d.issue) : await quietConfig(deps, d);
    if (!config) return;
    const settings = config.release.report;
    if (settings.enabled === false) return;
    const epicLabel = config.trigger.label.toLowerCase();
    const isEpic = (labels: string[]) => labels.some((l) => l.toLowerCase() === epicLabel);
    if (d.trigger === "epic-closed" && !isEpic(d.labels)) return;
    if (d.trigger === "deployment" && d.environment !== settings.environment) return;
    const releases =
      d.trigger === "epic-closed"
        ? []
        : await listReleaseIssues(octokit, repo, config.release.checklistLabel, deps.appId);

    let release: ReleaseIssue | undefined;
    let epic: number | undefined;
    let sha: string | undefined;
    if (d.trigger === "deployment") {
      const open = releases.filter((r) => r.state === "open");
      release = open.find((r) => d.refs.some((ref) => ref.replace(/^refs\/tags\//, "") === r.version));
      if (!release && open.length === 1) release = open[0];
      if (!release) {
        deps.log.info(
          `deployment of ${d.sha.slice(0, 7)}: no single open release to report on (${open.length} open)`,
        );
        return;
      }
      sha = d.sha;
    } else if (d.trigger === "command") {
      release = releases.find((r) => r.number === d.issue);
      if (!release && isEpic(d.labels)) epic = d.issue;
      if (!release && epic === undefined) {
        await postComment(
          octokit,
          { owner: d.owner, repo: d.repo, issue_number: d.issue },
          `\`/flightdeck report\` works in a release's checklist issue (opened by \`/flightdeck launch <version>\`) or in an epic (labelled \`${config.trigger.label}\`).`,
          replyCause(deps.appId, ctx.job, d.commentId),
        );
        return;
      }
      await acknowledge(octokit, { owner: d.owner, repo: d.repo, issue_number: d.issue }, d.commentId);
    } else if (d.trigger === "milestone-closed") {
      // The newest release of that version (a version relaunched after a rollback has several).
      release = releases.find((r) => sameVersion(d.title, r.version));
      if (!release) {
        deps.log.info(`milestone ${d.milestone} closed: no release issue of that version to report on`);
        return;
      }
    } else epic = d.epic;

    const scope: ReportScope = release ? { release: release.version } : { epic: epic as number };
    const facts = await gatherLaunchFacts(octokit, repo, {
      ...(release ? { version: release.version, since: release.createdAt } : { epics: [epic as number] }),
      ...(sha ? { sha } : {}),
      environment: settings.environment,
      windowDays: settings.windowDays,
      now: deps.now(),
      config,
      appId: deps.appId,
      secret: deps.secret,
    });
    if (config.budget.monthlyUsd !== undefined) {
      const b = await readBudgetState(octokit, repo, config.budget, { appId: deps.appId, now: deps.now() });
      facts.spend = { usd: b.spentUsd, ...(b.limitUsd !== undefined ? { budgetUsd: b.limitUsd } : {}) };
    }
    const report = buildLaunchReport(facts);
    // The narrative is the product role's, within the budget; the figures never depend on it.
    const access = await llmAccess(deps, repo, config);
    if (access.ok) {
      const told = await narrateLaunch(access.client, report, config.llm);
      if (told.ok) report.narrative = told.text;
      else deps.log.info(`launch report without a narrative: ${told.reason}`);
      if (told.usage)
        await recordSpend(ctx, d, [
          {
            at: deps.now().toISOString(),
            usd: told.costUsd,
            ...told.usage,
            purpose: "launch-report",
            issue: release?.number ?? (epic as number),
          },
        ]);
    } else if (deps.llm) deps.log.info(`launch report without a narrative: ${access.why}`);
    const body = renderLaunchReport(report, scope);
    const targets = release ? [release.number, ...facts.epics.map((e) => e.number)] : [epic as number];
    for (const n of targets)
      await upsertMarkedComment(
        octokit,
        { owner: d.owner, repo: d.repo, issue_number: n },
        reportMarker(scope),
        body,
        deps.appId,
      );
  },
  // A waiting report for the same deployment or epic reads everything a later one would: they
  // fold. Commands never fold (each is answered).
  merge: (waiting, next) =>
    identity(waiting) === identity(next) && next.trigger !== "command" ? next : undefined,
  coalesce: { id: identity },
};

function identity(d: LaunchReportJob): string {
  if (d.trigger === "deployment") return `deployment:${d.environment}:${d.sha}`;
  if (d.trigger === "milestone-closed") return `milestone:${d.milestone}`;
  return d.trigger === "epic-closed" ? `epic:${d.epic}` : `command:${d.commentId}`;
}

/** The config for a job with no issue to report problems on (a deployment): invalid → nothing. */
async function quietConfig(deps: JobDeps, repo: RepoRef): Promise<Config | undefined> {
  const loaded = await loadRepoConfig(deps.octokit, repo);
  if (!loaded.ok) deps.log.warn(`launch report skipped: invalid config in ${loaded.source}`);
  return loaded.ok ? loaded.config : undefined;
}
