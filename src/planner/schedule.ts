import { noun } from "../text/plural.js";
import { criticalPath, topoOrder } from "./graph.js";
import type { Plan, Role } from "./schema.js";

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
const DAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Who works on the epic and how much. */
export interface ScheduleOptions {
  /** Logins per role, in preference order. */
  team: Partial<Record<Role, string[]>>;
  /** Default focused hours per person per week. */
  hoursPerWeek: number;
  /** Per-login overrides of hoursPerWeek. */
  people: Record<string, number>;
  workdays: Weekday[];
  /** First working day of the epic (UTC date). */
  start: Date;
  /** The epic's target date, when it states one; overload is judged against it. */
  target?: Date;
}

/** Per-role workload against capacity. Hours are effort; weeks are calendar weeks of that role. */
export interface RoleLoad {
  role: Role;
  hours: number;
  people: number;
  /** Sum of the role's members' hours per week (a virtual person when the role has none). */
  hoursPerWeek: number;
  /** Weeks the role needs at its capacity: hours / hoursPerWeek. */
  weeks: number;
}

/** A plan laid out in time. */
export interface Schedule {
  criticalPath: { keys: string[]; hours: number };
  /** Most tasks that can run at the same time with unlimited people. */
  maxParallel: number;
  /** Chains of tasks that can proceed side by side (each chain in order). */
  streams: string[][];
  /** Task key → login, for roles with people in config. */
  assignees: Record<string, string>;
  /** Task key → start and finish in working days from the start date, with the team's capacity. */
  timeline: Record<string, { start: number; finish: number }>;
  /** Working days until the last task finishes. */
  workdays: number;
  /** ISO date (YYYY-MM-DD) of the forecast finish. */
  forecast: string;
  load: RoleLoad[];
  warnings: string[];
}

/**
 * Schedules a plan on a team: tasks in dependency order (longest remaining chain first), each
 * given to the least-loaded member of its role (hours assigned so far relative to the person's
 * weekly hours; ties keep config order),
 * starting when its blockers are done and its person is free. Pure and deterministic.
 *
 * Overload: a role is overloaded when its hours exceed its capacity up to the target date, or —
 * without a target — when it needs longer than the critical path takes.
 */
export function schedulePlan(plan: Plan, options: ScheduleOptions): Schedule {
  const nodes = plan.tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn, hours: t.estimateHours }));
  const cp = criticalPath(nodes);
  const perDay = (login: string | undefined) =>
    (login !== undefined ? (options.people[login] ?? options.hoursPerWeek) : options.hoursPerWeek) /
    Math.max(1, options.workdays.length);

  const warnings: string[] = [];
  const rolesUsed = [...new Set(plan.tasks.map((t) => t.role))];
  const members = new Map<Role, Array<string | undefined>>();
  const unstaffed: Role[] = [];
  for (const role of rolesUsed) {
    const people = options.team[role] ?? [];
    members.set(role, people.length ? people : [undefined]);
    if (!people.length) unstaffed.push(role);
  }
  if (unstaffed.length) {
    warnings.push(
      `No one is listed for ${unstaffed.join(", ")} under \`team\` in .github/flightdeck.yml: those tasks stay unassigned, and the forecast assumes one person per role.`,
    );
  }

  const order = topoOrder(plan.tasks);
  const ranked = rankByTail(order, cp.tail);
  const assigned = new Map<string, number>();
  const freeAt = new Map<string, number>();
  const timeline: Schedule["timeline"] = {};
  const assignees: Record<string, string> = {};
  for (const task of ranked) {
    const pool = members.get(task.role) ?? [undefined];
    let best = pool[0];
    // Least-loaded relative to capacity: a half-time person gets half the hours.
    const loadOf = (m: string | undefined) => (assigned.get(m ?? "") ?? 0) / perDay(m);
    for (const m of pool) if (loadOf(m) < loadOf(best)) best = m;
    const slot = best ?? `(${task.role})`;
    assigned.set(best ?? "", (assigned.get(best ?? "") ?? 0) + task.estimateHours);
    const ready = Math.max(0, ...task.dependsOn.map((d) => timeline[d]?.finish ?? 0));
    const start = Math.max(ready, freeAt.get(slot) ?? 0);
    const finish = start + task.estimateHours / perDay(best);
    freeAt.set(slot, finish);
    timeline[task.key] = { start, finish };
    if (best) assignees[task.key] = best;
  }
  const workdays = Math.max(0, ...Object.values(timeline).map((t) => t.finish));

  const load = rolesUsed.map((role): RoleLoad => {
    const hours = plan.tasks.filter((t) => t.role === role).reduce((s, t) => s + t.estimateHours, 0);
    const people = options.team[role]?.length ?? 0;
    const hoursPerWeek = (members.get(role) ?? [undefined]).reduce(
      (s, m) => s + perDay(m) * options.workdays.length,
      0,
    );
    return { role, hours, people, hoursPerWeek, weeks: hours / hoursPerWeek };
  });
  const horizonWeeks = options.target
    ? workdaysBetween(options.start, options.target, options.workdays) / options.workdays.length
    : cp.hours / options.hoursPerWeek;
  for (const l of load) {
    if (l.weeks > horizonWeeks + 1e-9) {
      warnings.push(
        `${l.role} is overloaded: ${fmt(l.hours)} h of work at ${fmt(l.hoursPerWeek)} h/week needs ${fmt(l.weeks)} ${noun(l.weeks, "week")}, ` +
          `but ${options.target ? `the target date leaves ${fmt(horizonWeeks)}` : `the critical path takes ${fmt(horizonWeeks)}`}. ` +
          `Add people to team.${l.role} or move work.`,
      );
    }
  }
  const forecast = addWorkdays(options.start, Math.ceil(workdays - 1e-9), options.workdays);
  if (options.target && forecast > options.target) {
    warnings.push(
      `The forecast (${isoDate(forecast)}) is after the target date (${isoDate(options.target)}).`,
    );
  }
  return {
    criticalPath: { keys: cp.keys, hours: cp.hours },
    maxParallel: maxOverlap([...cp.earliest.values()]),
    streams: chains(order, cp.earliest),
    assignees,
    timeline,
    workdays,
    forecast: isoDate(forecast),
    load,
    warnings,
  };
}

function rankByTail<T extends { key: string; dependsOn: string[] }>(
  order: T[],
  tail: Map<string, number>,
): T[] {
  // Serial schedule generation: repeatedly take the ready task with the longest remaining chain.
  const done = new Set<string>();
  const left = [...order];
  const out: T[] = [];
  while (left.length) {
    let pick = -1;
    for (let i = 0; i < left.length; i++) {
      const t = left[i] as T;
      if (!t.dependsOn.every((d) => done.has(d))) continue;
      if (pick < 0 || (tail.get(t.key) ?? 0) > (tail.get((left[pick] as T).key) ?? 0)) pick = i;
    }
    const [t] = left.splice(pick, 1) as [T];
    done.add(t.key);
    out.push(t);
  }
  return out;
}

function chains(
  order: Array<{ key: string; dependsOn: string[] }>,
  earliest: Map<string, { finish: number }>,
) {
  const streams: string[][] = [];
  const tailOf = new Map<string, string[]>();
  for (const t of order) {
    // Continue the stream of the blocker that finishes last, if that stream still ends there.
    const deps = [...t.dependsOn].sort(
      (a, b) => (earliest.get(b)?.finish ?? 0) - (earliest.get(a)?.finish ?? 0),
    );
    const stream = deps.map((d) => tailOf.get(d)).find((s) => s !== undefined);
    if (stream) {
      tailOf.delete(stream[stream.length - 1] as string);
      stream.push(t.key);
      tailOf.set(t.key, stream);
    } else {
      const s = [t.key];
      streams.push(s);
      tailOf.set(t.key, s);
    }
  }
  return streams;
}

function maxOverlap(spans: Array<{ start: number; finish: number }>): number {
  const events = spans.flatMap((s) => [
    [s.start, 1],
    [s.finish, -1],
  ]) as Array<[number, number]>;
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}

/** Adds working days to a date (UTC); 0 → the start date itself when it is a working day. */
export function addWorkdays(start: Date, days: number, workdays: Weekday[]): Date {
  const allowed = new Set(workdays.map((d) => DAY_INDEX[d]));
  const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  while (!allowed.has(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  let left = Math.max(0, days - 1);
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (allowed.has(d.getUTCDay())) left--;
  }
  return d;
}

function workdaysBetween(start: Date, end: Date, workdays: Weekday[]): number {
  const allowed = new Set(workdays.map((d) => DAY_INDEX[d]));
  let n = 0;
  for (const d = new Date(start); d <= end; d.setUTCDate(d.getUTCDate() + 1))
    if (allowed.has(d.getUTCDay())) n++;
  return n;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
