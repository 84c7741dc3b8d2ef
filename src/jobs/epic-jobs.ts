import { helpText } from "../commands.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import { acknowledge, postComment, replyCause } from "../github/comments.js";
import { loadRepoConfig } from "../github/config.js";
import { authorizeWriter } from "../github/permissions.js";
import { briefJob } from "./agents-job.js";
import { runApplyJob } from "./apply-job.js";
import { configOrReport } from "./config-report.js";
import type { Job, JobDataByKind, JobSpec, RepoRef } from "./job.js";
import { recordSpend } from "./llm-spend.js";
import { replanFromGitHub, runPlanJob } from "./plan-job.js";
import { progressKey } from "./progress-job.js";

/**
 * A label was added: when it is the config's trigger label (default `epic`) and the sender has
 * write access, the plan preview is posted. Permission is asked before anything is written (a
 * triage user's label causes no comment, not even a config error). Waiting jobs of one epic for
 * the same label coalesce: the newest text is planned.
 */
export const epicLabeled: JobSpec<"epic.labeled"> = {
  async run(ctx, d) {
    const { deps } = ctx;
    const loaded = await loadRepoConfig(deps.octokit, d);
    // With an invalid config the trigger label is unknown: only the default one is answered.
    const trigger = loaded.ok ? loaded.config.trigger.label : DEFAULT_CONFIG.trigger.label;
    if (d.label.toLowerCase() !== trigger.toLowerCase()) return;
    const auth = await authorizeWriter(deps.octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) {
      deps.log.info(
        `ignoring ${d.label} label on #${d.epic} by ${d.sender} (permission: ${auth.permission})`,
      );
      return;
    }
    const config = await configOrReport(deps, d, d.epic, loaded);
    if (!config) return;
    const job = { owner: d.owner, repo: d.repo, epic: d.epic, config };
    const planned =
      d.body === undefined
        ? await replanFromGitHub(deps, job)
        : await runPlanJob(deps, { ...job, body: d.body, ...(d.title ? { title: d.title } : {}) });
    await recordSpend(ctx, d, planned.spend ? [planned.spend] : []);
  },
  merge: (waiting, next) => (waiting.label === next.label ? next : undefined),
  // A first-wins store would plan the first delivery's text: the folded job reads the issue's
  // current title and body instead (and stores kilobytes less per delivery).
  coalesce: { id: (d) => d.label, data: ({ body: _body, title: _title, ...rest }) => rest },
};

/**
 * `/flightdeck plan|apply|help` on an issue, by a user with write access (asked through the API).
 * Deliveries of one comment are one command: a waiting job of the same comment absorbs the next
 * (a redelivery under a new delivery id); different comments never fold into each other.
 */
export const epicCommand: JobSpec<"epic.command"> = {
  merge: (waiting, next) =>
    waiting.commentId === next.commentId && waiting.command === next.command ? next : undefined,
  coalesce: {
    id: (d) => `comment-${d.commentId}-${d.command}`,
    data: ({ body: _body, title: _title, ...rest }) => rest,
  },
  async run(ctx, d) {
    const { deps } = ctx;
    const reply = replyCause(deps.appId, ctx.job, d.commentId);
    const auth = await authorizeWriter(deps.octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) {
      deps.log.info(
        `ignoring /flightdeck ${d.command} on #${d.epic} by ${d.sender} (permission: ${auth.permission})`,
      );
      return;
    }
    const config = await configOrReport(deps, d, d.epic);
    if (!config) return;
    const ref = { owner: d.owner, repo: d.repo, issue_number: d.epic };
    if (!d.labels.some((l) => l.toLowerCase() === config.trigger.label.toLowerCase())) {
      await postComment(
        deps.octokit,
        ref,
        `This issue is not an epic yet: add the \`${config.trigger.label}\` label to plan it.`,
        reply,
      );
      return;
    }
    await acknowledge(deps.octokit, ref, d.commentId);
    const job = { owner: d.owner, repo: d.repo, epic: d.epic, config };
    const replan = async () => {
      const planned = await replanFromGitHub(deps, job);
      await recordSpend(ctx, d, planned.spend ? [planned.spend] : []);
    };
    if (d.command === "plan") {
      const planned =
        d.body === undefined
          ? await replanFromGitHub(deps, job)
          : await runPlanJob(deps, { ...job, body: d.body, ...(d.title ? { title: d.title } : {}) });
      await recordSpend(ctx, d, planned.spend ? [planned.spend] : []);
    } else if (d.command === "apply") {
      const outcome = await runApplyJob(deps, { ...job, reply, replan });
      if (outcome === "applied") {
        await ctx.enqueue(progressAfterApply(ctx.job, d));
        await ctx.enqueue(briefJob(d, d.epic, ctx.job));
      }
    } else {
      const prefix = d.command === "help" ? "" : `Unknown command \`/flightdeck ${d.command}\`.\n\n`;
      await postComment(deps.octokit, ref, `${prefix}${helpText()}`, reply);
    }
  },
};

/** The preview's checkbox was ticked by `sender`: apply the signed plan of that comment. */
export const epicConfirm: JobSpec<"epic.confirm"> = {
  async run(ctx, d: JobDataByKind["epic.confirm"]) {
    const { deps } = ctx;
    const auth = await authorizeWriter(deps.octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) {
      deps.log.info(
        `ignoring plan confirmation on #${d.epic} by ${d.sender} (permission: ${auth.permission})`,
      );
      return;
    }
    const config = await configOrReport(deps, d, d.epic);
    if (!config) return;
    const job = { owner: d.owner, repo: d.repo, epic: d.epic, config };
    const outcome = await runApplyJob(deps, {
      ...job,
      previewBody: d.previewBody,
      // The tick edits the preview: no comment of its own, so its delivery is the cause.
      reply: replyCause(deps.appId, ctx.job),
      replan: async () => {
        const planned = await replanFromGitHub(deps, job);
        await recordSpend(ctx, d, planned.spend ? [planned.spend] : []);
      },
    });
    // Each new task opens with its role agent's brief (a job of its own, after this one).
    if (outcome === "applied") {
      await ctx.enqueue(progressAfterApply(ctx.job, d));
      await ctx.enqueue(briefJob(d, d.epic, ctx.job));
    }
  },
};

/** Once a plan is applied, Mission Control replaces the plain task list at once. */
function progressAfterApply(parent: Job, d: RepoRef & { epic: number }): Job<"epic.progress"> {
  return {
    kind: "epic.progress",
    key: progressKey(d, d.epic),
    installationId: parent.installationId,
    deliveryId: parent.deliveryId,
    data: { owner: d.owner, repo: d.repo, defaultBranch: d.defaultBranch, epic: d.epic },
  };
}
