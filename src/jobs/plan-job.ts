import { upsertMarkedComment } from "../github/comments.js";
import { readEpicState } from "../github/epic-state.js";
import { epicOwnText, epicSourceHash, planHash, previewMarker, sealPlan } from "../markers.js";
import { LlmPlanError, makePlan, PlanValidationError, scheduleWithConfig } from "../planner/index.js";
import { renderPreview } from "../planner/preview.js";
import { applyCost, reconcile } from "../planner/reconcile.js";
import { isoDate } from "../planner/schedule.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted } from "../text/sanitize.js";
import type { EpicJob, JobDeps } from "./types.js";

/** GitHub's limit on an issue comment body, in characters. */
export const MAX_COMMENT_CHARS = 65_536;

/** The preview comment's text when no plan can be shown, with every reason. */
function failureBody(epic: number, reasons: string[]): string {
  return [
    previewMarker(epic),
    `## 🛫 Flightdeck could not plan #${epic}`,
    "",
    // Reasons quote the epic and LLM output: untrusted text next to the preview marker.
    ...reasons.map((r) => `- ${inlineUntrusted(r)}`),
    "",
    "Nothing was created. Fix the epic (or `.github/flightdeck.yml`) and comment `/flightdeck plan`.",
  ].join("\n");
}

/** What the plan job posted. */
export interface PlanJobResult {
  outcome: "previewed" | "failed";
  comment: "created" | "updated" | "unchanged";
  planHash?: string;
}

/**
 * Plans an epic and posts (or refreshes) its sticky preview comment: task table, dependency
 * graph, critical path and forecast, cost, the writes applying will make, and the signed plan
 * that confirmation applies. A planning failure replaces the preview with the reason.
 */
export async function runPlanJob(deps: JobDeps, job: EpicJob & { body: string }): Promise<PlanJobResult> {
  const issue = { owner: job.owner, repo: job.repo, issue_number: job.epic };
  const marker = previewMarker(job.epic);
  let result: Awaited<ReturnType<typeof makePlan>>;
  try {
    // Flightdeck's own progress section (written on apply) is not part of what to plan.
    result = await makePlan(epicOwnText(job.body), job.config, deps.llm, undefined, deps.planner);
  } catch (error) {
    if (!(error instanceof PlanValidationError || error instanceof LlmPlanError)) throw error;
    const reasons = error instanceof PlanValidationError ? error.issues : [error.message];
    return {
      outcome: "failed",
      comment: await upsertMarkedComment(
        deps.octokit,
        issue,
        marker,
        failureBody(job.epic, reasons),
        deps.appId,
      ),
    };
  }
  const { plan } = result;
  const start = deps.now();
  const schedule = scheduleWithConfig(plan, job.config, start, epicOwnText(job.body));
  const logins = [...new Set(Object.values(schedule.assignees))];
  const state = await readEpicState(
    deps.octokit,
    { owner: job.owner, repo: job.repo, epic: job.epic },
    logins,
  );
  const rec = reconcile(plan, state, job.config.labels, schedule.assignees);
  const sealedPayload = {
    plan,
    source: epicSourceHash(job.body),
    repository: `${job.owner}/${job.repo}`,
    epic: job.epic,
    assignees: schedule.assignees,
  };
  const preview = renderPreview({
    epic: job.epic,
    plan,
    schedule,
    ...(result.estimatedCostUsd !== undefined ? { estimatedCostUsd: result.estimatedCostUsd } : {}),
    ...(result.worstCaseCostUsd !== undefined ? { worstCaseCostUsd: result.worstCaseCostUsd } : {}),
    cost: applyCost(rec),
    reconcile: rec,
    sealed: sealPlan(sealedPayload, deps.secret),
    start: isoDate(start),
    maxChars: MAX_COMMENT_CHARS,
  });
  if (preview.length > MAX_COMMENT_CHARS) {
    const body = failureBody(job.epic, [
      `The plan is too large for one GitHub comment (${preview.length} characters; GitHub allows ${MAX_COMMENT_CHARS}). Lower planner.maxTasks or split the epic.`,
    ]);
    return {
      outcome: "failed",
      comment: await upsertMarkedComment(deps.octokit, issue, marker, body, deps.appId),
    };
  }
  const comment = await upsertMarkedComment(deps.octokit, issue, marker, preview, deps.appId);
  deps.log.info(
    `plan preview for ${job.owner}/${job.repo}#${job.epic}: ${plural(plan.tasks.length, "task")} (${comment})`,
  );
  return { outcome: "previewed", comment, planHash: planHash(sealedPayload) };
}

/** Plans again from the epic's current text on GitHub (GET /repos/{o}/{r}/issues/{n}). */
export async function replanFromGitHub(deps: JobDeps, job: EpicJob): Promise<void> {
  const { data } = await deps.octokit.rest.issues.get({
    owner: job.owner,
    repo: job.repo,
    issue_number: job.epic,
  });
  await runPlanJob(deps, { ...job, body: data.body ?? "" });
}
