import type { Config } from "../config/schema.js";
import { makePlan, type PlanResult, scheduleWithConfig } from "../planner/index.js";
import type { LlmClient } from "../planner/llm.js";
import { renderPreview } from "../planner/preview.js";
import { applyCost, reconcile } from "../planner/reconcile.js";
import { isoDate, type Schedule } from "../planner/schedule.js";

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
  options: { epic: number; start: Date; llm?: LlmClient; title?: string },
): Promise<OfflinePlan> {
  const result = await makePlan(epicBody, config, options.llm, options.title);
  const schedule = scheduleWithConfig(result.plan, config, options.start, epicBody);
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
    ...(result.worstCaseCostUsd !== undefined ? { worstCaseCostUsd: result.worstCaseCostUsd } : {}),
    ...(result.costBasis !== undefined ? { costBasis: result.costBasis } : {}),
    cost: applyCost(rec),
    reconcile: rec,
    start: isoDate(options.start),
  });
  return { ...result, schedule, preview };
}
