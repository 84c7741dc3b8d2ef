import type { Config } from "../config/schema.js";
import { epicOwnText, parseTaskMarker, previewMarker, unsealPlan } from "../markers.js";
import { scheduleWithConfig } from "../planner/index.js";
import type { Schedule } from "../planner/schedule.js";
import { type Plan, PlanValidationError, validatePlan } from "../planner/schema.js";
import { findMarkedComment } from "./comments.js";
import { type EpicRef, type EpicSnapshot, readEpicState } from "./epic-state.js";
import type { Octokit } from "./octokit.js";

/** An applied epic as a stateless worker recovers it from GitHub. */
export interface EpicPlan {
  plan: Plan;
  schedule: Schedule;
  /** When the schedule starts (the time of reading): forecasts count from here. */
  start: Date;
  snapshot: EpicSnapshot;
  /** Task key → sub-issue number, from the markers of sub-issues this App created. */
  issues: Map<string, number>;
}

/**
 * Recovers an epic's plan: the epic and its sub-issues (one GraphQL read, readEpicState), the
 * plan sealed in this App's preview comment (HMAC-verified, bound to this repository and epic),
 * the task markers of the sub-issues this App wrote, and the schedule on the config's team.
 * @returns the plan, or the reason it cannot be trusted or found (for the user)
 */
export async function readEpicPlan(
  octokit: Octokit,
  ref: EpicRef,
  options: { appId: number; secret: string; config: Config; now: Date },
): Promise<{ ok: true; epic: EpicPlan } | { ok: false; reason: string }> {
  const snapshot = await readEpicState(octokit, ref, []);
  const marker = previewMarker(ref.epic);
  const body =
    snapshot.ownComments.find((c) => c.body.includes(marker))?.body ??
    (
      await findMarkedComment(
        octokit,
        { owner: ref.owner, repo: ref.repo, issue_number: ref.epic },
        marker,
        options.appId,
      )
    )?.body;
  if (!body) return { ok: false, reason: `epic #${ref.epic} has no Flightdeck plan preview` };
  const unsealed = unsealPlan(body, options.secret, {
    repository: `${ref.owner}/${ref.repo}`,
    epic: ref.epic,
  });
  if (!unsealed.ok) return { ok: false, reason: unsealed.error };
  let plan: Plan;
  try {
    plan = validatePlan(unsealed.sealed.plan, 100);
  } catch (error) {
    if (!(error instanceof PlanValidationError)) throw error;
    return { ok: false, reason: `the epic's plan is invalid: ${error.issues.join("; ")}` };
  }
  const issues = new Map<string, number>();
  for (const s of snapshot.subIssues) {
    const m = s.byThisApp ? parseTaskMarker(s.body) : undefined;
    if (m && m.epic === ref.epic && !issues.has(m.key)) issues.set(m.key, s.number);
  }
  const start = options.now;
  const schedule = scheduleWithConfig(plan, options.config, start, epicOwnText(snapshot.epic.body));
  return { ok: true, epic: { plan, schedule, start, snapshot, issues } };
}
