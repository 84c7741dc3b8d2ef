import type { Config } from "../config/schema.js";
import { findTargetDate } from "../planner/fields.js";
import { makePlan, type PlanResult } from "../planner/index.js";
import type { LlmClient } from "../planner/llm.js";
import { renderPreview } from "../planner/preview.js";
import { applyCost, reconcile } from "../planner/reconcile.js";
import { isoDate, type Schedule, schedulePlan } from "../planner/schedule.js";

/** A plan, its schedule and the preview Markdown, computed offline (no GitHub state). */
export interface OfflinePlan extends PlanResult {
  schedule: Schedule;
  preview: string;
}

/**
 * Plans an epic without touching GitHub: the same planner, schedule and preview the app uses,
 * reconciled against an empty repository (every label and sub-issue still to create).
 */
export async function planOffline(
  epicBody: string,
  config: Config,
  options: { epic: number; start: Date; llm?: LlmClient },
): Promise<OfflinePlan> {
  const result = await makePlan(epicBody, config, options.llm);
  const target = findTargetDate(epicBody);
  const schedule = schedulePlan(result.plan, {
    team: config.team,
    hoursPerWeek: config.capacity.hoursPerWeek,
    people: config.capacity.people,
    workdays: config.capacity.workdays,
    start: options.start,
    ...(target && target > options.start ? { target } : {}),
  });
  const empty = {
    epic: { id: "", number: options.epic, body: epicBody },
    subIssues: [],
    labels: new Map(),
    users: new Map(),
  };
  const users = new Map(Object.values(schedule.assignees).map((l) => [l.toLowerCase(), `user:${l}`]));
  const rec = reconcile(result.plan, { ...empty, users }, config.labels, schedule.assignees);
  const preview = renderPreview({
    epic: options.epic,
    plan: result.plan,
    schedule,
    ...(result.estimatedCostUsd !== undefined ? { estimatedCostUsd: result.estimatedCostUsd } : {}),
    cost: applyCost(rec),
    reconcile: rec,
    start: isoDate(options.start),
  });
  return { ...result, schedule, preview };
}
