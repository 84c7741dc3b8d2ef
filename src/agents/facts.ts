import { addWorkdays, isoDate, type Schedule, type Weekday } from "../planner/schedule.js";
import type { Plan, Priority, Role } from "../planner/schema.js";

/** A task another one waits on or unblocks, with its sub-issue when it has one. */
export interface TaskLink {
  key: string;
  title: string;
  role: Role;
  issue?: number;
}

/**
 * Everything a role agent knows about one task, all derived from the plan and its schedule (which
 * a stateless worker recovers from GitHub: the sub-issue's marker and the epic's sealed plan).
 * This is also exactly what the LLM is given, as JSON data.
 */
export interface TaskFacts {
  repository: string;
  epic: number;
  issue: number;
  role: Role;
  /** `team.<role>.agent.name`, when configured. */
  persona?: string;
  task: {
    key: string;
    title: string;
    body: string;
    estimateHours: number;
    priority: Priority;
    acceptanceCriteria: string[];
  };
  /** Position on the critical path (1-based) and its length, or undefined when the task is off it. */
  criticalPath: { position?: number; length: number; hours: number };
  blockedBy: TaskLink[];
  unblocks: TaskLink[];
  /** Forecast start and finish (ISO dates) from the schedule on the team's capacity. */
  forecast?: { start: string; finish: string };
  assignee?: string;
}

/**
 * Derives one task's facts from its plan. Pure.
 * @param issues task key → sub-issue number (tasks without one are named without a link)
 * @param context.start the schedule's start date; `workdays` the team's working days
 * @throws Error when `key` is not a task of the plan
 */
export function taskFacts(
  plan: Plan,
  schedule: Schedule,
  key: string,
  context: {
    repository: string;
    epic: number;
    issue: number;
    issues: ReadonlyMap<string, number>;
    start: Date;
    workdays: Weekday[];
    persona?: string;
  },
): TaskFacts {
  const task = plan.tasks.find((t) => t.key === key);
  if (!task) throw new Error(`task ${key} is not in the epic's plan`);
  const link = (k: string): TaskLink[] => {
    const t = plan.tasks.find((x) => x.key === k);
    if (!t) return [];
    const issue = context.issues.get(k);
    return [{ key: t.key, title: t.title, role: t.role, ...(issue !== undefined ? { issue } : {}) }];
  };
  const index = schedule.criticalPath.keys.indexOf(key);
  const slot = schedule.timeline[key];
  const assignee = schedule.assignees[key];
  return {
    repository: context.repository,
    epic: context.epic,
    issue: context.issue,
    role: task.role,
    ...(context.persona ? { persona: context.persona } : {}),
    task: {
      key: task.key,
      title: task.title,
      body: task.body,
      estimateHours: task.estimateHours,
      priority: task.priority,
      acceptanceCriteria: task.acceptanceCriteria,
    },
    criticalPath: {
      ...(index >= 0 ? { position: index + 1 } : {}),
      length: schedule.criticalPath.keys.length,
      hours: schedule.criticalPath.hours,
    },
    blockedBy: task.dependsOn.flatMap(link),
    unblocks: plan.tasks.filter((t) => t.dependsOn.includes(key)).flatMap((t) => link(t.key)),
    ...(slot
      ? {
          forecast: {
            start: isoDate(addWorkdays(context.start, Math.floor(slot.start + 1e-9) + 1, context.workdays)),
            finish: isoDate(addWorkdays(context.start, Math.ceil(slot.finish - 1e-9), context.workdays)),
          },
        }
      : {}),
    ...(assignee ? { assignee } : {}),
  };
}

/** How the role's agent introduces itself: `Quinn (QA agent)` or `QA agent`. */
export function speaker(role: Role, persona?: string): string {
  const title = `${ROLE_TITLES[role]} agent`;
  return persona ? `${persona} (${title})` : title;
}

/** Role names as people write them. */
export const ROLE_TITLES: Record<Role, string> = {
  product: "Product",
  "tech-lead": "Tech lead",
  backend: "Backend",
  frontend: "Frontend",
  design: "Design",
  qa: "QA",
  devops: "DevOps",
};
