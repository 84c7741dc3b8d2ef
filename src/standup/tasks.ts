import type { EpicProgress } from "../progress/epic-state.js";
import type { Forecast } from "../progress/forecast.js";
import type { StandupTask, TaskForecast } from "./digest.js";

/**
 * The standup's view of an epic, from Mission Control's read model and forecast (one source of
 * truth for status, blockers and the schedule): each task with its status, open blockers and
 * open pull requests; and per task whether it is on Mission Control's critical path and its
 * original forecast finish (`taskDueDates` from the baseline). Pure.
 *
 * @param due task number → YYYY-MM-DD, the finish the plan promised
 */
export function standupTasks(
  progress: EpicProgress,
  forecast: Pick<Forecast, "criticalPath">,
  due: ReadonlyMap<number, string>,
): { tasks: StandupTask[]; forecasts: Map<number, TaskForecast> } {
  const critical = new Set(forecast.criticalPath.numbers);
  const tasks = progress.tasks.map(
    (t): StandupTask => ({
      number: t.number,
      title: t.title,
      status: t.status,
      closedAt: t.closedAt,
      assignees: t.assignees,
      blockers: t.openBlockers.map((b) => ({ ref: b.ref, title: b.title })),
      pulls: t.pulls,
    }),
  );
  const forecasts = new Map<number, TaskForecast>();
  for (const t of progress.tasks) {
    const finish = due.get(t.number);
    forecasts.set(t.number, { critical: critical.has(t.number), ...(finish ? { finish } : {}) });
  }
  return { tasks, forecasts };
}
