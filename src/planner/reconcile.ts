import { MARK, parseTaskMarker, replaceSection, taskMarker } from "../markers.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted, sanitizeUntrusted } from "../text/sanitize.js";
import type { Plan, Role, Task } from "./schema.js";
import { planEdges } from "./schema.js";

/** An existing sub-issue of the epic, as read from GitHub. */
export interface ExistingIssue {
  /** GraphQL node id. */
  id: string;
  number: number;
  title: string;
  body: string;
  /**
   * Whether this App wrote the issue (GraphQL `viewerDidAuthor` with the App's token). Only then
   * is its task marker read: anyone can add their own issue as a sub-issue with a forged marker.
   */
  byThisApp: boolean;
  /** Node ids of the issues that block this one (native "blocked by"). */
  blockedBy: string[];
}

/** What GitHub holds now for an epic: the input of reconciliation. */
export interface EpicState {
  epic: { id: string; number: number; body: string };
  subIssues: ExistingIssue[];
  /** Label name (lower-cased) → node id, for the repository. */
  labels: Map<string, string>;
  /** Login (lower-cased) → node id; null when the user does not exist or cannot be assigned. */
  users: Map<string, string | null>;
}

/** Label conventions used when materializing a plan. */
export interface LabelOptions {
  role: string;
  priority: string;
  extra: string[];
}

/** One label Flightdeck needs; colours follow GitHub's 6-hex format without `#`. */
export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

const ROLE_COLORS: Record<Role, string> = {
  product: "5319e7",
  "tech-lead": "0e8a16",
  backend: "1d76db",
  frontend: "fbca04",
  design: "d876e3",
  qa: "b60205",
  devops: "006b75",
};
const PRIORITY_COLORS = { P0: "b60205", P1: "d93f0b", P2: "c2e0c6" } as const;

/** The labels a task carries: its role, its priority, and the configured extras. */
export function taskLabels(task: Task, labels: LabelOptions): LabelSpec[] {
  return [
    {
      name: `${labels.role}${task.role}`,
      color: ROLE_COLORS[task.role],
      description: `Flightdeck role: ${task.role}`,
    },
    {
      name: `${labels.priority}${task.priority}`,
      color: PRIORITY_COLORS[task.priority],
      description: `Flightdeck priority ${task.priority}`,
    },
    ...labels.extra.map((name) => ({ name, color: "ededed", description: "Added by Flightdeck" })),
  ];
}

/**
 * The body of a task's sub-issue: description, acceptance criteria as a task list, the facts
 * of the plan, and the hidden marker that identifies it on later runs.
 */
export function taskBody(epic: number, task: Task): string {
  const deps = task.dependsOn.length ? task.dependsOn.join(", ") : "none";
  return [
    task.body ? `${sanitizeUntrusted(task.body)}\n` : "",
    "### Acceptance criteria",
    ...task.acceptanceCriteria.map((c) => `- [ ] ${inlineUntrusted(c)}`),
    "",
    `**Role:** ${task.role} · **Estimate:** ${task.estimateHours} h · **Priority:** ${task.priority} · **Plan key:** ${task.key} · **Depends on:** ${deps}`,
    "",
    `_Part of epic #${epic}, planned by Flightdeck._`,
    taskMarker(epic, task.key),
  ]
    .filter((l, i) => i > 0 || l)
    .join("\n");
}

/** The writes needed to bring GitHub to the plan. Ids are GraphQL node ids. */
export interface ReconcilePlan {
  labelsToCreate: LabelSpec[];
  /** Tasks with no sub-issue yet. */
  tasksToCreate: Task[];
  /** Tasks that already have their sub-issue, by key. */
  existing: Map<string, ExistingIssue>;
  /** Edges whose native dependency is missing, as [blocking key, blocked key]. */
  edgesToAdd: Array<[string, string]>;
  /** Users named in config that GitHub does not know (they are skipped, and said so). */
  unknownUsers: string[];
}

/**
 * Compares a plan with what GitHub holds and lists only the missing writes — the heart of
 * idempotency: run it again after any partial failure and it asks for exactly what is left.
 * A sub-issue is recognised by its task marker (only in issues this App wrote), or (if someone
 * edited the marker away) by an identical title under the same epic.
 */
export function reconcile(
  plan: Plan,
  state: EpicState,
  labels: LabelOptions,
  assignees: Record<string, string>,
): ReconcilePlan {
  const byKey = new Map<string, ExistingIssue>();
  const byTitle = new Map(state.subIssues.map((i) => [i.title.trim().toLowerCase(), i]));
  for (const issue of state.subIssues) {
    const m = issue.byThisApp ? parseTaskMarker(issue.body) : undefined;
    if (m && m.epic === state.epic.number && !byKey.has(m.key)) byKey.set(m.key, issue);
  }
  const existing = new Map<string, ExistingIssue>();
  const tasksToCreate: Task[] = [];
  for (const task of plan.tasks) {
    const found = byKey.get(task.key) ?? byTitle.get(task.title.trim().toLowerCase());
    if (found) existing.set(task.key, found);
    else tasksToCreate.push(task);
  }
  const needed = new Map<string, LabelSpec>();
  for (const task of tasksToCreate)
    for (const l of taskLabels(task, labels)) needed.set(l.name.toLowerCase(), l);
  const labelsToCreate = [...needed.entries()].filter(([k]) => !state.labels.has(k)).map(([, l]) => l);
  const edgesToAdd = planEdges(plan).filter(([blocking, blocked]) => {
    const a = existing.get(blocking);
    const b = existing.get(blocked);
    return !(a && b?.blockedBy.includes(a.id));
  });
  // Over all tasks, not only those to create, so the summary reads the same on every run.
  const wanted = new Set(plan.tasks.map((t) => assignees[t.key]).filter((l): l is string => Boolean(l)));
  const unknownUsers = [...wanted].filter((l) => state.users.get(l.toLowerCase()) == null);
  return { labelsToCreate, tasksToCreate, existing, edgesToAdd, unknownUsers };
}

/** Issue number and title of each task's sub-issue, for the epic's progress section. */
export type Materialized = Map<string, { number: number; title: string }>;

/**
 * The epic's progress section: a task list linking every sub-issue (GitHub renders `#N` with the
 * issue's title and state), with role, estimate and priority.
 */
export function progressSection(plan: Plan, issues: Materialized): string {
  const lines = plan.tasks.map((t) => {
    const issue = issues.get(t.key);
    const ref = issue ? `#${issue.number}` : `${t.key} (not created yet)`;
    return `- [ ] ${ref} · ${t.role} · ${t.estimateHours} h · ${t.priority}`;
  });
  const hours = plan.tasks.reduce((s, t) => s + t.estimateHours, 0);
  return [`### Flightdeck plan: ${plural(plan.tasks.length, "sub-issue")}, ${hours} h`, ...lines].join("\n");
}

/**
 * The epic body with its progress section written or refreshed. Once Mission Control owns the
 * section (it holds its baseline marker), the body is left alone: the Mission Control refresh
 * queued after every apply brings it up to date, and two writers would only undo each other.
 */
export function epicBodyWithProgress(body: string, plan: Plan, issues: Materialized): string {
  const start = body.indexOf(MARK.progressStart);
  const end = body.indexOf(MARK.progressEnd);
  if (start >= 0 && end > start && body.slice(start, end).includes("<!-- flightdeck:baseline ")) return body;
  return replaceSection(body, progressSection(plan, issues));
}

/**
 * How many objects each batched GraphQL mutation carries. GitHub counts each mutation 5 points
 * toward the secondary limit and caps content creation at ~80 requests/min; batches keep the
 * request count (and Probot's per-request throttle delay) low while a refused batch stays small.
 */
export const BATCH = { labels: 25, issues: 20, edges: 50 } as const;

/** What applying a reconcile plan costs in GitHub writes and API requests. */
export interface ApplyCost {
  /** Objects written: labels + sub-issues + dependencies + epic body + summary comment. */
  writes: number;
  /** API requests, including the one read of current state. */
  requests: number;
}

/** Counts the writes and requests the executor will make for a reconcile plan. */
export function applyCost(rec: ReconcilePlan): ApplyCost {
  const labels = rec.labelsToCreate.length;
  const issues = rec.tasksToCreate.length;
  const edges = rec.edgesToAdd.length;
  const batches =
    Math.ceil(labels / BATCH.labels) +
    Math.ceil(issues / BATCH.issues) +
    Math.max(1, Math.ceil(edges / BATCH.edges));
  return { writes: labels + issues + edges + 2, requests: 1 + batches + 1 };
}
