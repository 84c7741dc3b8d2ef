import type { SpendEntry } from "../budget/ledger.js";
import { upsertMarkedComment } from "../github/comments.js";
import { readEpicState } from "../github/epic-state.js";
import { epicOwnText, epicSourceHash, planHash, previewMarker, sealPlan, splitSeal } from "../markers.js";
import { LlmPlanError, makePlan, PlanValidationError, scheduleWithConfig } from "../planner/index.js";
import { renderPreview } from "../planner/preview.js";
import { applyCost, reconcile } from "../planner/reconcile.js";
import { isoDate } from "../planner/schedule.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted } from "../text/sanitize.js";
import { plannerUnderBudget, planSpend, previewBudget } from "./plan-budget.js";
import type { EpicJob, JobDeps } from "./types.js";

/** GitHub's limit on an issue comment body, in characters. */
export const MAX_COMMENT_CHARS = 65_536;
/** Characters of sealed plan per continuation comment (room left for the marker and a sentence). */
const SEAL_CHUNK_CHARS = 65_000;

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
  /** The LLM plan's cost, for the ledger (the caller records it). */
  spend?: SpendEntry;
}

/**
 * Plans an epic and posts (or refreshes) its sticky preview comment: task table, dependency
 * graph, critical path and forecast, cost, the writes applying will make, and the signed plan
 * that confirmation applies. A planning failure replaces the preview with the reason.
 */
export async function runPlanJob(
  deps: JobDeps,
  job: EpicJob & { body: string; title?: string },
): Promise<PlanJobResult> {
  const issue = { owner: job.owner, repo: job.repo, issue_number: job.epic };
  const marker = previewMarker(job.epic);
  let result: Awaited<ReturnType<typeof makePlan>>;
  let spend: SpendEntry | undefined;
  let known: Awaited<ReturnType<typeof plannerUnderBudget>>["budget"];
  try {
    // Flightdeck's own progress section (written on apply) is not part of what to plan.
    const planner = await plannerUnderBudget(deps, { ...job, body: epicOwnText(job.body) });
    known = planner.budget;
    // The issue's title goes to both planners as data (it names the epic; see makePlan).
    result = await makePlan(epicOwnText(job.body), planner.config, planner.llm, job.title, deps.planner);
    if (planner.note)
      result.plan = { ...result.plan, notes: [planner.note, ...result.plan.notes].slice(0, 20) };
    spend = planSpend(result.plan, job.epic, deps.now(), {
      usd: result.failedLlmCostUsd,
      model: job.config.llm.model,
    });
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
  const budget = await previewBudget(deps, job, spend?.usd ?? 0, known);
  const sealedPayload = {
    plan,
    source: epicSourceHash(job.body),
    repository: `${job.owner}/${job.repo}`,
    epic: job.epic,
    assignees: schedule.assignees,
  };
  const previewInput = {
    epic: job.epic,
    plan,
    schedule,
    ...(result.estimatedCostUsd !== undefined ? { estimatedCostUsd: result.estimatedCostUsd } : {}),
    ...(result.worstCaseCostUsd !== undefined ? { worstCaseCostUsd: result.worstCaseCostUsd } : {}),
    ...(result.costBasis !== undefined ? { costBasis: result.costBasis } : {}),
    cost: applyCost(rec),
    ...(budget ? { budget } : {}),
    reconcile: rec,
    start: isoDate(start),
    maxChars: MAX_COMMENT_CHARS,
  };
  let preview = renderPreview({ ...previewInput, sealed: sealPlan(sealedPayload, deps.secret) });
  if (preview.length > MAX_COMMENT_CHARS) {
    // The sealed plan does not fit beside the (collapsed) preview: it continues in as many
    // comments as it needs, written before the preview so a confirmation always finds them.
    const split = splitSeal(sealedPayload, deps.secret, SEAL_CHUNK_CHARS);
    for (const part of split.parts)
      await upsertMarkedComment(deps.octokit, issue, part.marker, part.body, deps.appId);
    preview = renderPreview({
      ...previewInput,
      sealed: `> The machine-readable plan continues in ${plural(split.parts.length, "comment")} below (too large for this one).\n${split.header}`,
    });
  }
  const comment = await upsertMarkedComment(deps.octokit, issue, marker, preview, deps.appId);
  deps.log.info(
    `plan preview for ${job.owner}/${job.repo}#${job.epic}: ${plural(plan.tasks.length, "task")} (${comment})`,
  );
  return { outcome: "previewed", comment, planHash: planHash(sealedPayload), ...(spend ? { spend } : {}) };
}

/** Plans again from the epic's current text on GitHub (GET /repos/{o}/{r}/issues/{n}). */
export async function replanFromGitHub(deps: JobDeps, job: EpicJob): Promise<PlanJobResult> {
  const { data } = await deps.octokit.rest.issues.get({
    owner: job.owner,
    repo: job.repo,
    issue_number: job.epic,
  });
  return runPlanJob(deps, { ...job, title: data.title, body: data.body ?? "" });
}
