import { ApplyError, applyPlan } from "../github/apply.js";
import { appCommentBodies, findMarkedComment, postComment, type ReplyCause } from "../github/comments.js";
import { epicSourceHash, planHash, previewMarker, type SealedPlan, unsealPlan } from "../markers.js";
import { PlanValidationError, validatePlan } from "../planner/schema.js";
import { plural } from "../text/plural.js";
import type { EpicJob, JobDeps } from "./types.js";

/** How an apply job ended. */
export type ApplyJobOutcome = "applied" | "no-preview" | "untrusted-preview" | "epic-changed" | "failed";

/**
 * Applies the plan of the epic's preview comment — exactly the previewed plan, verified by its
 * signature, and only while the epic's text is still the one it was planned from. Outcomes
 * other than "applied" leave a comment that says what to do.
 *
 * @param previewBody the preview comment's body when the caller already has it (checkbox
 *   confirmation arrives with it); otherwise it is looked up on the epic
 * @param replan called when the epic changed since the preview, to post a fresh one
 * @param reply what caused the job: its replies are posted once per cause (postComment)
 */
export async function runApplyJob(
  deps: JobDeps,
  job: EpicJob & { previewBody?: string; reply: ReplyCause; replan: () => Promise<void> },
): Promise<ApplyJobOutcome> {
  const issue = { owner: job.owner, repo: job.repo, issue_number: job.epic };
  const previewBody =
    job.previewBody ??
    (await findMarkedComment(deps.octokit, issue, previewMarker(job.epic), deps.appId))?.body;
  if (!previewBody) {
    await postComment(
      deps.octokit,
      issue,
      "There is no Flightdeck plan preview on this epic yet: comment `/flightdeck plan` first.",
      job.reply,
    );
    return "no-preview";
  }
  // A plan too large for the preview continues in this App's other comments on the epic.
  const parts = /<!-- flightdeck:plan parts=/.test(previewBody)
    ? await appCommentBodies(deps.octokit, issue, deps.appId)
    : [];
  const unsealed = unsealPlan(
    previewBody,
    deps.secret,
    { repository: `${job.owner}/${job.repo}`, epic: job.epic },
    parts,
  );
  let sealed: SealedPlan;
  let plan: ReturnType<typeof validatePlan>;
  try {
    if (!unsealed.ok) throw new Error(unsealed.error);
    sealed = unsealed.sealed;
    plan = validatePlan(sealed.plan, job.config.planner.maxTasks);
  } catch (error) {
    const why = error instanceof PlanValidationError ? error.issues.join("; ") : (error as Error).message;
    await postComment(
      deps.octokit,
      issue,
      `Flightdeck did not apply the plan: ${why}. Comment \`/flightdeck plan\` for a fresh preview.`,
      job.reply,
    );
    return "untrusted-preview";
  }
  let changed = false;
  try {
    const result = await applyPlan(
      deps.octokit,
      { owner: job.owner, repo: job.repo, epic: job.epic },
      {
        plan,
        config: job.config,
        assignees: sealed.assignees ?? {},
        planHash: planHash(sealed),
        precondition: (state) => {
          changed = epicSourceHash(state.epic.body) !== sealed.source;
          return changed ? "the epic was edited after this plan was previewed" : undefined;
        },
        ...deps.applyTiming,
        log: deps.log,
      },
    );
    deps.log.info(
      `applied plan to ${job.owner}/${job.repo}#${job.epic}: ${result.created.length} created, ${plural(result.edgesAdded, "dependency", "dependencies")}, ${plural(result.requests, "request")}`,
    );
    return "applied";
  } catch (error) {
    if (changed) {
      await postComment(
        deps.octokit,
        issue,
        "The epic was edited after this plan was previewed, so it was not applied. Flightdeck posted a new preview: review it and confirm again.",
        job.reply,
      );
      await job.replan();
      return "epic-changed";
    }
    if (!(error instanceof ApplyError)) throw error;
    await postComment(deps.octokit, issue, `⚠️ ${error.message}`, job.reply);
    return "failed";
  }
}
