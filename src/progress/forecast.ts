import { criticalPath } from "../planner/graph.js";
import { addWorkdays, isoDate, schedulePlan, type Weekday } from "../planner/schedule.js";
import type { Plan, Role, Task } from "../planner/schema.js";
import type { EpicProgress, TaskState } from "./epic-state.js";

/** The team's time (config `team` and `capacity`). */
export interface Capacity {
  team: Partial<Record<Role, string[]>>;
  hoursPerWeek: number;
  people: Record<string, number>;
  workdays: Weekday[];
}

/**
 * The plan as it was first scheduled: kept (signed) in the epic's Mission Control section so the
 * slip is measured against the original forecast, not against a moving one.
 */
export interface Baseline {
  /** ISO date the epic was applied (its first task created). */
  start: string;
  /** ISO date of the original forecast finish. */
  forecast: string;
  /** Working days the original schedule took. */
  workdays: number;
  /** Estimated hours of the original plan. */
  hours: number;
}

/** A bar of the schedule's gantt chart: first working day (ISO date) and length in working days. */
export interface Bar {
  start: string;
  days: number;
}

/** Mission Control's figures. Hours are estimated effort; weeks are calendar weeks. */
export interface Forecast {
  baseline: Baseline;
  /** ISO date the remaining work finishes at the team's capacity, from today. */
  forecast: string;
  remainingHours: number;
  /** Working days after the original forecast (negative: ahead of it). */
  slipWorkdays: number;
  /** Estimated hours closed per week since the start, and what the original plan needed. */
  velocity: { actual: number; planned: number };
  /** The longest chain of the epic's tasks by hours, with how much of it is closed. */
  criticalPath: { numbers: number[]; hours: number; doneHours: number };
  /** Gantt bars: closed tasks where they ended, open ones where the new schedule puts them. */
  bars: Map<number, Bar>;
  /** Why the figures are approximate (a dependency cycle made by hand), in words. */
  warnings: string[];
}

/**
 * The baseline of an epic: its tasks scheduled on the team from the day the first was created.
 * Used once, when the section has no (valid) baseline yet.
 */
export function baselineOf(progress: EpicProgress, capacity: Capacity, fallbackStart: Date): Baseline {
  const start = progress.startedAt ? new Date(progress.startedAt) : fallbackStart;
  const { schedule } = scheduleTasks(progress.tasks, capacity, start);
  return {
    start: isoDate(start),
    forecast: schedule.forecast,
    workdays: round(schedule.workdays),
    hours: progress.hours.total,
  };
}

/**
 * Each task's original forecast finish (ISO date): every task of the epic, done or not, scheduled
 * on the team from the baseline's start with the native dependencies — what the plan promised,
 * against which the standup calls a critical-path task late. Pure; with a dependency cycle made
 * by hand, dependencies are ignored (as in forecastProgress).
 * @returns task number → YYYY-MM-DD (tasks the scheduler places)
 */
export function taskDueDates(
  progress: EpicProgress,
  capacity: Capacity,
  baseline: Baseline,
): Map<number, string> {
  const start = new Date(`${baseline.start}T00:00:00Z`);
  const { schedule } = scheduleTasks(progress.tasks, capacity, start);
  const due = new Map<number, string>();
  for (const t of progress.tasks) {
    const slot = schedule.timeline[String(t.number)];
    if (slot)
      due.set(t.number, isoDate(addWorkdays(start, Math.ceil(slot.finish - 1e-9), capacity.workdays)));
  }
  return due;
}

/**
 * Recomputes the forecast from what is left (open tasks, their open dependencies) and the
 * capacity, from `now`; velocity from the hours closed since the baseline's start. Pure.
 */
export function forecastProgress(
  progress: EpicProgress,
  capacity: Capacity,
  baseline: Baseline,
  now: Date,
): Forecast {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const open = progress.tasks.filter((t) => t.status !== "done");
  const { schedule, warnings } = scheduleTasks(open, capacity, today);
  const forecast = open.length ? schedule.forecast : isoDate(lastClose(progress) ?? today);
  const perWeek = capacity.workdays.length;
  const elapsed = Math.max(1, workdaysBetween(new Date(baseline.start), today, capacity.workdays));
  const bars = new Map<number, Bar>();
  for (const t of open) {
    const slot = schedule.timeline[String(t.number)];
    if (!slot) continue;
    const first = Math.floor(slot.start + 1e-9);
    bars.set(t.number, {
      start: isoDate(addWorkdays(today, first + 1, capacity.workdays)),
      days: Math.max(1, Math.ceil(slot.finish - 1e-9) - first),
    });
  }
  const perDay = capacity.hoursPerWeek / Math.max(1, perWeek);
  for (const t of progress.tasks) {
    if (t.status !== "done" || !t.closedAt) continue;
    const days = Math.max(1, Math.ceil(t.estimateHours / perDay));
    const end = new Date(t.closedAt);
    const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() - (days - 1)));
    bars.set(t.number, { start: isoDate(start), days });
  }
  const cp = pathOf(progress.tasks, warnings);
  return {
    baseline,
    forecast,
    remainingHours: open.reduce((s, t) => s + t.estimateHours, 0),
    slipWorkdays: signedWorkdays(baseline.forecast, forecast, capacity.workdays),
    velocity: {
      actual: round((progress.hours.done / elapsed) * perWeek),
      planned: round((baseline.hours / Math.max(1, baseline.workdays)) * perWeek),
    },
    criticalPath: cp,
    bars,
    warnings,
  };
}

function scheduleTasks(tasks: TaskState[], capacity: Capacity, start: Date) {
  const warnings: string[] = [];
  const keys = new Set(tasks.map((t) => String(t.number)));
  const asTask = (t: TaskState, withEdges: boolean): Task => ({
    key: String(t.number),
    title: String(t.number),
    body: "",
    role: t.role,
    estimateHours: t.estimateHours,
    priority: t.priority ?? "P1",
    acceptanceCriteria: ["-"],
    dependsOn: withEdges ? t.dependsOn.map(String).filter((k) => keys.has(k)) : [],
  });
  const plan = (withEdges: boolean): Plan => ({
    tasks: tasks.map((t) => asTask(t, withEdges)),
    notes: [],
    source: { planner: "deterministic", costUsd: 0 },
  });
  const options = { ...capacity, start };
  if (!tasks.length) {
    return {
      schedule: { forecast: isoDate(start), workdays: 0, timeline: {} as Record<string, never> },
      warnings,
    };
  }
  try {
    return { schedule: schedulePlan(plan(true), options), warnings };
  } catch {
    // A blocked-by cycle made by hand: schedule without edges rather than show nothing.
    warnings.push(
      "The tasks' blocked-by links form a cycle; the forecast ignores dependencies until it is removed.",
    );
    return { schedule: schedulePlan(plan(false), options), warnings };
  }
}

function pathOf(tasks: TaskState[], warnings: string[]): Forecast["criticalPath"] {
  const nodes = tasks.map((t) => ({
    key: String(t.number),
    hours: t.estimateHours,
    dependsOn: t.dependsOn.map(String),
  }));
  try {
    const cp = criticalPath(nodes);
    const byNumber = new Map(tasks.map((t) => [t.number, t]));
    const numbers = cp.keys.map(Number);
    const doneHours = numbers
      .map((n) => byNumber.get(n))
      .filter((t) => t?.status === "done")
      .reduce((s, t) => s + (t?.estimateHours ?? 0), 0);
    return { numbers, hours: cp.hours, doneHours };
  } catch {
    if (!warnings.length)
      warnings.push("The tasks' blocked-by links form a cycle; there is no critical path.");
    return { numbers: [], hours: 0, doneHours: 0 };
  }
}

function lastClose(progress: EpicProgress): Date | undefined {
  const last = progress.tasks
    .map((t) => t.closedAt)
    .filter((c): c is string => c !== null)
    .sort()
    .at(-1);
  return last ? new Date(last) : undefined;
}

const DAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function workdaysBetween(from: Date, to: Date, workdays: Weekday[]): number {
  const allowed = new Set(workdays.map((d) => DAY[d]));
  let n = 0;
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  for (; d <= to; d.setUTCDate(d.getUTCDate() + 1)) if (allowed.has(d.getUTCDay())) n++;
  return n;
}

function signedWorkdays(planned: string, actual: string, workdays: Weekday[]): number {
  if (actual === planned) return 0;
  const [a, b] = actual > planned ? [planned, actual] : [actual, planned];
  // Both ends included minus one: the distance between two working days.
  const n = Math.max(0, workdaysBetween(new Date(a), new Date(b), workdays) - 1);
  return actual > planned ? n : -n;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
