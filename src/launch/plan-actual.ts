import type { Role } from "../planner/schema.js";
import { median } from "./dora.js";
import type { EpicOutcome, TaskOutcome } from "./facts.js";

const DAY_MS = 86_400_000;

/** Planned vs actual for one role across the release's epics. */
export interface RoleOutcome {
  role: Role;
  tasks: number;
  done: number;
  /** Sum of the plan's estimates, in hours. */
  estimateHours: number;
  /** Median calendar days a done task was open (created → closed). */
  medianDaysOpen?: number;
  /** Tasks that finished after their planned finish date, or are open past it. */
  slipped: number;
}

/** A task that finished later than planned (or is still open past its date). */
export interface SlippedTask {
  number: number;
  title: string;
  role: Role;
  plannedFinish: string;
  /** Close date (YYYY-MM-DD), or absent while open. */
  actualFinish?: string;
  /** Calendar days late at `now` or at its close. */
  daysLate: number;
  critical: boolean;
}

/** Planned vs actual for the whole release (or one epic). */
export interface PlanActual {
  tasks: number;
  done: number;
  estimateHours: number;
  doneHours: number;
  roles: RoleOutcome[];
  slipped: SlippedTask[];
  /** Latest forecast finish of the epics (YYYY-MM-DD), when every epic had a plan. */
  forecast?: string;
  /** When the last task closed (YYYY-MM-DD), when all are closed. */
  actual?: string;
  /** Calendar days between forecast and actual (positive: late), when both are known. */
  slipDays?: number;
}

/** The date part (YYYY-MM-DD) of an ISO time. */
export const dateOf = (iso: string): string => iso.slice(0, 10);

/**
 * Compares what the epics planned with what happened: per role (estimate, median time open,
 * slipped tasks), the forecast against the actual finish, and every slipped task. Pure.
 */
export function planVsActual(epics: EpicOutcome[], now: Date): PlanActual {
  const tasks = epics.flatMap((e) => e.tasks);
  const slipped = tasks.flatMap((t) => slip(t, now));
  const byRole = new Map<Role, TaskOutcome[]>();
  for (const t of tasks) byRole.set(t.role, [...(byRole.get(t.role) ?? []), t]);
  const roles = [...byRole].map(([role, list]): RoleOutcome => {
    const open = list
      .filter((t) => t.closedAt)
      .map((t) => (Date.parse(t.closedAt as string) - Date.parse(t.createdAt)) / DAY_MS);
    return {
      role,
      tasks: list.length,
      done: list.filter((t) => t.closedAt).length,
      estimateHours: sum(list.map((t) => t.estimateHours)),
      ...(open.length ? { medianDaysOpen: Math.round(median(open) * 10) / 10 } : {}),
      slipped: slipped.filter((s) => s.role === role).length,
    };
  });
  const forecasts = epics.map((e) => e.forecast);
  const forecast =
    forecasts.length && forecasts.every(Boolean) ? (forecasts as string[]).sort().at(-1) : undefined;
  const allDone = tasks.length > 0 && tasks.every((t) => t.closedAt);
  const actual = allDone
    ? tasks
        .map((t) => dateOf(t.closedAt as string))
        .sort()
        .at(-1)
    : undefined;
  return {
    tasks: tasks.length,
    done: tasks.filter((t) => t.closedAt).length,
    estimateHours: sum(tasks.map((t) => t.estimateHours)),
    doneHours: sum(tasks.filter((t) => t.closedAt).map((t) => t.estimateHours)),
    roles,
    slipped: slipped.sort((a, b) => b.daysLate - a.daysLate),
    ...(forecast ? { forecast } : {}),
    ...(actual ? { actual } : {}),
    ...(forecast && actual ? { slipDays: days(forecast, actual) } : {}),
  };
}

function slip(t: TaskOutcome, now: Date): SlippedTask[] {
  if (!t.plannedFinish) return [];
  const end = t.closedAt ? dateOf(t.closedAt) : dateOf(now.toISOString());
  const late = days(t.plannedFinish, end);
  if (late <= 0) return [];
  return [
    {
      number: t.number,
      title: t.title,
      role: t.role,
      plannedFinish: t.plannedFinish,
      ...(t.closedAt ? { actualFinish: dateOf(t.closedAt) } : {}),
      daysLate: late,
      critical: t.critical === true,
    },
  ];
}

/** Calendar days from `a` to `b` (YYYY-MM-DD), positive when b is later. */
function days(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

function sum(values: number[]): number {
  return Math.round(values.reduce((s, v) => s + v, 0) * 10) / 10;
}
