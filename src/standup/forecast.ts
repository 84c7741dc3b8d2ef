import type { Config } from "../config/schema.js";
import { addWorkdays, isoDate, schedulePlan } from "../planner/schedule.js";
import { ROLES, type Role, type Task } from "../planner/schema.js";
import type { TaskForecast } from "./digest.js";

/** A sub-issue as the forecast needs it: its blockers and the plan facts of the body this App wrote. */
export interface ForecastTask {
  number: number;
  blockedBy: number[];
  /** The sub-issue's body when this App wrote it (its facts line is trusted), else undefined. */
  ownBody?: string;
  labels: string[];
}

/**
 * The original forecast of each task, recomputed from what GitHub holds: the plan's facts line
 * in each sub-issue Flightdeck wrote (`**Role:** … · **Estimate:** N h`), the native blocked-by
 * edges, the team's capacity and the day the plan was applied. The same scheduler as the plan
 * preview. A minimal stand-in for Mission Control's forecast (issue 10 §3), which can replace it.
 *
 * @param start when the plan was applied (the applied summary's time), or the epic's creation
 * @returns task number → on the critical path, and the forecast finish (YYYY-MM-DD)
 */
export function forecastTasks(tasks: ForecastTask[], config: Config, start: Date): Map<number, TaskForecast> {
  const out = new Map<number, TaskForecast>();
  if (!tasks.length) return out;
  const inEpic = new Set(tasks.map((t) => t.number));
  const planTasks: Task[] = tasks.map((t) => ({
    key: `I${t.number}`,
    title: `#${t.number}`,
    body: "",
    role: roleOf(t, config),
    estimateHours: estimateOf(t, config),
    priority: "P1",
    acceptanceCriteria: ["-"],
    dependsOn: t.blockedBy.filter((n) => inEpic.has(n)).map((n) => `I${n}`),
  }));
  let schedule: ReturnType<typeof schedulePlan>;
  try {
    schedule = schedulePlan(
      { tasks: planTasks, notes: [], source: { planner: "deterministic", costUsd: 0 } } as never,
      {
        team: config.team,
        hoursPerWeek: config.capacity.hoursPerWeek,
        people: config.capacity.people,
        workdays: config.capacity.workdays,
        start,
      },
    );
  } catch {
    return out; // a cycle people added by hand: no forecast rather than a wrong one
  }
  const critical = new Set(schedule.criticalPath.keys);
  for (const t of tasks) {
    const slot = schedule.timeline[`I${t.number}`];
    out.set(t.number, {
      critical: critical.has(`I${t.number}`),
      ...(slot
        ? { finish: isoDate(addWorkdays(start, Math.ceil(slot.finish - 1e-9), config.capacity.workdays)) }
        : {}),
    });
  }
  return out;
}

function roleOf(t: ForecastTask, config: Config): Role {
  const own = /\*\*Role:\*\* ([a-z-]+)/.exec(t.ownBody ?? "")?.[1];
  const label = t.labels.find((l) => l.startsWith(config.labels.role))?.slice(config.labels.role.length);
  const role = own ?? label;
  return (ROLES as readonly string[]).includes(role ?? "") ? (role as Role) : "tech-lead";
}

function estimateOf(t: ForecastTask, config: Config): number {
  const h = Number(/\*\*Estimate:\*\* ([\d.]+) h/.exec(t.ownBody ?? "")?.[1]);
  return Number.isFinite(h) && h > 0 ? h : config.planner.defaultEstimateHours;
}
