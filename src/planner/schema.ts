import { z } from "zod";
import { plural } from "../text/plural.js";
import { findCycle } from "./graph.js";

/** The roles Flightdeck's agents speak for; each becomes a `role:` label on a sub-issue. */
export const ROLES = ["product", "tech-lead", "backend", "frontend", "design", "qa", "devops"] as const;
export type Role = (typeof ROLES)[number];

/** Priorities, highest first. P0 = must ship, P1 = should ship, P2 = nice to have. */
export const PRIORITIES = ["P0", "P1", "P2"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A task key: short, stable, and safe inside a hidden HTML marker (`T1`, `M6-T001`, `api-auth`). */
export const TaskKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "a key is 1-40 letters, digits, '.', '_' or '-'");

/** One task of a plan; becomes one native sub-issue of the epic. */
export const Task = z
  .object({
    key: TaskKey,
    title: z.string().trim().min(1).max(256),
    body: z.string().max(20_000).default(""),
    role: z.enum(ROLES),
    /** Estimated effort in hours (one person, focused work). */
    estimateHours: z.number().positive().max(400),
    priority: z.enum(PRIORITIES),
    acceptanceCriteria: z.array(z.string().trim().min(1).max(500)).min(1).max(20),
    /** Keys of tasks that must finish before this one can start (they "block" it). */
    dependsOn: z.array(TaskKey).max(50).default([]),
  })
  .strict();
export type Task = z.infer<typeof Task>;

/** Where a plan came from: the deterministic markdown planner or an LLM. */
export const PlanSource = z
  .object({
    planner: z.enum(["deterministic", "llm"]),
    model: z.string().optional(),
    /** Actual cost of the planning run in USD (0 for the deterministic planner). */
    costUsd: z.number().nonnegative().default(0),
    inputTokens: z.number().int().nonnegative().optional(),
    outputTokens: z.number().int().nonnegative().optional(),
  })
  .strict();
export type PlanSource = z.infer<typeof PlanSource>;

/** A plan: the tasks an epic decomposes into, plus notes the planner wants a human to read. */
export const Plan = z
  .object({
    tasks: z.array(Task).min(1),
    notes: z.array(z.string().max(500)).max(20).default([]),
    source: PlanSource.default({ planner: "deterministic", costUsd: 0 }),
  })
  .strict();
export type Plan = z.infer<typeof Plan>;

/** Thrown when a plan breaks an invariant; `issues` lists every problem in words a user can act on. */
export class PlanValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid plan: ${issues.join("; ")}`);
    this.name = "PlanValidationError";
  }
}

/**
 * Validates a plan's shape (zod) and its graph invariants: unique keys, dependencies that exist,
 * no self-dependency, no cycles (the message names the cycle), and 1..maxTasks tasks.
 *
 * @param input untrusted data (planner output, an LLM's JSON, a file)
 * @returns the parsed plan with defaults filled in
 * @throws PlanValidationError listing every problem found
 */
export function validatePlan(input: unknown, maxTasks: number): Plan {
  const parsed = Plan.safeParse(input);
  if (!parsed.success) {
    throw new PlanValidationError(
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "plan"}: ${i.message}`),
    );
  }
  const plan = parsed.data;
  const problems: string[] = [];
  if (plan.tasks.length > maxTasks) {
    problems.push(
      `the plan has ${plural(plan.tasks.length, "task")}; at most ${maxTasks} ${maxTasks === 1 ? "is" : "are"} allowed (planner.maxTasks; CLI --max-tasks) — split the epic or raise the limit`,
    );
  }
  const keys = new Set<string>();
  for (const task of plan.tasks) {
    if (keys.has(task.key)) problems.push(`task key ${task.key} is used more than once`);
    keys.add(task.key);
  }
  for (const task of plan.tasks) {
    for (const dep of task.dependsOn) {
      if (dep === task.key) problems.push(`task ${task.key} depends on itself`);
      else if (!keys.has(dep)) problems.push(`task ${task.key} depends on ${dep}, which is not in the plan`);
    }
  }
  if (problems.length === 0) {
    const cycle = findCycle(plan.tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn })));
    if (cycle) problems.push(`dependency cycle: ${cycle.join(" → ")}`);
  }
  if (problems.length) throw new PlanValidationError(problems);
  return plan;
}

/** All dependency edges of a plan as `[blocking, blocked]` key pairs, in task order. */
export function planEdges(plan: Pick<Plan, "tasks">): Array<[string, string]> {
  return plan.tasks.flatMap((t) => t.dependsOn.map((d): [string, string] => [d, t.key]));
}
