import { parseTaskMarker } from "../markers.js";
import { PRIORITIES, type Priority, ROLES, type Role } from "../planner/schema.js";
import type { EpicRead, TaskRead } from "./read-model.js";

/**
 * Where a task stands. `blocked` wins over everything open (an open blocker); `in-progress` is
 * an unblocked open task with an assignee or an open linked pull request; `open` is the rest.
 */
export type TaskStatus = "done" | "in-progress" | "blocked" | "open";

/** One open blocker of a task, as Flightdeck writes it (`#12` or `owner/repo#12`). */
export interface OpenBlocker {
  number: number;
  ref: string;
  /** Untrusted: sanitize before writing it. */
  title: string;
  /** Whether it is a sub-issue of the same epic. */
  inEpic: boolean;
}

/** A task of the epic with its derived state. Hours are estimated effort (one person). */
export interface TaskState {
  number: number;
  /** GraphQL node id (where a handoff comment goes). */
  id: string;
  /** The plan key, for sub-issues Flightdeck created (read from its marker). */
  key?: string;
  /** Untrusted text: sanitize before writing. */
  title: string;
  role: Role;
  /** False when the role was guessed (a sub-issue added by hand with no role label). */
  roleKnown: boolean;
  estimateHours: number;
  /** False when the estimate is the config's default (no Flightdeck facts line). */
  estimated: boolean;
  priority?: Priority;
  status: TaskStatus;
  assignees: string[];
  /** Open linked pull requests, as references (`#40`). */
  pulls: string[];
  openBlockers: OpenBlocker[];
  /** ISO time since which the task has been blocked (the earliest still-open blocker). */
  blockedSince?: string;
  /** Issue numbers of the epic's tasks that block this one (open or closed): the graph's edges. */
  dependsOn: number[];
  createdAt: string;
  closedAt: string | null;
  byThisApp: boolean;
}

/** The epic's tasks and the totals Mission Control shows. */
export interface EpicProgress {
  epic: number;
  tasks: TaskState[];
  /** Sub-issues this App created for the epic (with our marker): 0 means "not a Flightdeck epic". */
  flightdeckTasks: number;
  count: Record<TaskStatus, number> & { total: number };
  hours: { done: number; total: number };
  /** ISO date of the first task's creation (the epic was applied then). */
  startedAt?: string;
}

/** What deriving needs besides the read: label conventions and the default estimate. */
export interface DeriveOptions {
  /** Label prefixes (config `labels.role`, `labels.priority`), e.g. `role: `. */
  labels: { role: string; priority: string };
  /** Hours assumed for a sub-issue without Flightdeck's facts line (config `planner.defaultEstimateHours`). */
  defaultEstimateHours: number;
}

// The facts line Flightdeck writes in every task body (see taskBody in src/planner/reconcile.ts).
const FACT = (name: string) => new RegExp(`\\*\\*${name}:\\*\\*\\s*([^·\\n]+?)\\s*(?:·|$)`, "m");

/**
 * Derives each task's status, blockers and estimate from what GitHub holds. Pure. The plan's
 * facts (key, role, estimate, priority) are read only from sub-issues this App created for this
 * epic; sub-issues added by hand count with their `role:`/`priority:` labels and the default
 * estimate. Edges are GitHub's native blocked-by links, so edges added by hand count too.
 */
export function deriveEpicProgress(read: EpicRead, options: DeriveOptions): EpicProgress {
  const inEpic = new Map(read.tasks.map((t) => [t.id, t.number]));
  const tasks = read.tasks.map((t) => taskState(read.epic.number, t, inEpic, options));
  const count = { done: 0, "in-progress": 0, blocked: 0, open: 0, total: tasks.length };
  for (const t of tasks) count[t.status]++;
  const done = tasks.filter((t) => t.status === "done").reduce((s, t) => s + t.estimateHours, 0);
  const total = tasks.reduce((s, t) => s + t.estimateHours, 0);
  const ours = tasks.filter((t) => t.key !== undefined);
  const startedAt = ours.map((t) => t.createdAt).sort()[0];
  return {
    epic: read.epic.number,
    tasks,
    flightdeckTasks: ours.length,
    count,
    hours: { done, total },
    ...(startedAt ? { startedAt } : {}),
  };
}

function taskState(
  epic: number,
  t: TaskRead,
  inEpic: Map<string, number>,
  options: DeriveOptions,
): TaskState {
  const marker = t.byThisApp ? parseTaskMarker(t.body) : undefined;
  const ours = marker?.epic === epic;
  const facts = ours ? t.body : "";
  const estimate = Number.parseFloat(FACT("Estimate").exec(facts)?.[1] ?? "");
  const factRole = FACT("Role").exec(facts)?.[1]?.trim();
  const labelRole = labelValue(t.labels, options.labels.role)?.toLowerCase();
  const role = [factRole, labelRole].find((r): r is Role => ROLES.includes(r as Role));
  const factPriority = FACT("Priority").exec(facts)?.[1]?.trim();
  const priority = [factPriority, labelValue(t.labels, options.labels.priority)?.toUpperCase()].find(
    (p): p is Priority => PRIORITIES.includes(p as Priority),
  );
  const open = t.blockers.filter((b) => b.state === "OPEN");
  const openBlockers = open.map((b) => ({
    number: b.number,
    title: b.title,
    ref: b.sameRepository ? `#${b.number}` : `${b.repository}#${b.number}`,
    inEpic: inEpic.has(b.id),
  }));
  const status: TaskStatus =
    t.state === "CLOSED"
      ? "done"
      : open.length
        ? "blocked"
        : t.assignees.length || t.openPulls.length
          ? "in-progress"
          : "open";
  // Blocked since the earliest open blocker was linked (or reopened after being linked).
  const since = open.map((b) => {
    const added = t.edgeEvents.filter((e) => e.kind === "added" && e.blockerId === b.id).at(-1)?.at;
    const linked = added ?? t.createdAt;
    return b.reopenedAt && b.reopenedAt > linked ? b.reopenedAt : linked;
  });
  const blockedSince = since.sort()[0];
  return {
    number: t.number,
    id: t.id,
    ...(ours && marker ? { key: marker.key } : {}),
    title: t.title,
    role: role ?? "tech-lead",
    roleKnown: role !== undefined,
    estimateHours: Number.isFinite(estimate) && estimate > 0 ? estimate : options.defaultEstimateHours,
    estimated: Number.isFinite(estimate) && estimate > 0,
    ...(priority ? { priority } : {}),
    status,
    assignees: t.assignees,
    pulls: t.openPulls.map((p) => (p.sameRepository ? `#${p.number}` : `${p.repository}#${p.number}`)),
    openBlockers,
    ...(status === "blocked" && blockedSince ? { blockedSince } : {}),
    dependsOn: t.blockers.flatMap((b) => {
      const n = inEpic.get(b.id);
      return n === undefined ? [] : [n];
    }),
    createdAt: t.createdAt,
    closedAt: t.closedAt,
    byThisApp: t.byThisApp,
  };
}

function labelValue(labels: string[], prefix: string): string | undefined {
  const p = prefix.toLowerCase();
  const found = labels.find((l) => l.toLowerCase().startsWith(p));
  return found?.slice(prefix.length).trim();
}
