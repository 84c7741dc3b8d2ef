import { plural } from "../text/plural.js";
import { criticalPath } from "./graph.js";
import { inferRole } from "./roles.js";
import { type Plan, type Priority, type Role, type Task, validatePlan } from "./schema.js";

/** A task as read from an epic, before defaults, keys and priorities are settled. */
export interface TaskDraft {
  /** Explicit id from the epic (T3, M6-T001), if it had one. */
  key?: string;
  title: string;
  /** Lines of detail that become acceptance criteria. */
  details: string[];
  /** Extra prose for the body (context lines that are not criteria). */
  context?: string[];
  estimateHours?: number;
  roleHints: Role[];
  /** Role to use when neither hints nor wording decide. */
  roleFallback?: Role;
  priority?: Priority;
  /** Keys (normalized ids) of the tasks this one depends on. */
  dependsOn: string[];
  /** The heading or lead line the task was listed under (for grouping over planner.maxTasks). */
  section?: string;
  /** Where each dependency came from, by key ("stated in the text", "kind of work: …"); unset: stated. */
  origins?: Record<string, string>;
}

export interface FinalizeOptions {
  maxTasks: number;
  defaultEstimateHours: number;
  notes: string[];
}

const GENERIC_CRITERIA: Record<Role, string> = {
  product: "The outcome is written down, reviewed and agreed by the stakeholders",
  "tech-lead": "The design is documented and reviewed, and follow-up work is unblocked",
  backend: "The behaviour is implemented with automated tests passing in CI",
  frontend: "The UI works in supported browsers and has automated tests passing in CI",
  design: "Designs are reviewed and handed off with all states covered",
  qa: "Tests run in CI and their results are reported on the pull request",
  devops: "The change is deployed through the pipeline and verified by a smoke test",
};

/**
 * Turns drafts into a validated plan: assigns keys to tasks without one, infers roles, fills
 * estimates (default when missing, noted), derives priorities from the critical path when the
 * epic gives none (critical path → P0, blocks other work → P1, otherwise P2), and adds acceptance
 * criteria where the epic has none.
 *
 * @throws PlanValidationError when the result breaks a plan invariant (e.g. too many tasks)
 */
export function finalizeDrafts(drafts: TaskDraft[], options: FinalizeOptions): Plan {
  const keyed = assignKeys(drafts);
  const keys = new Set(keyed.map((d) => d.key));
  for (const d of keyed) {
    for (const dep of d.dependsOn) {
      if (!keys.has(dep))
        options.notes.push(`${d.key} depends on ${dep}, which is not in the epic; ignored.`);
    }
  }
  let defaulted = 0;
  const tasks = keyed.map((d): Task => {
    const role = inferRole(d.title, d.details.join("\n"), [...new Set(d.roleHints)], d.roleFallback);
    if (d.estimateHours === undefined) defaulted++;
    const criteria = d.details.length ? d.details.slice(0, 20) : [GENERIC_CRITERIA[role]];
    const deps = [...new Set(d.dependsOn.filter((k) => keys.has(k) && k !== d.key))];
    const origin = deps.length
      ? [`Depends on: ${deps.map((k) => `${k} (${d.origins?.[k] ?? "stated in the text"})`).join(", ")}.`]
      : [];
    // Every task says what its estimate rests on (the deliverable reader writes its own basis).
    const basis = d.context?.some((l) => l.startsWith("Estimate: "))
      ? []
      : [
          d.estimateHours === undefined
            ? `Estimate: ${options.defaultEstimateHours} h assumed (planner.defaultEstimateHours); the epic gives none.`
            : "Estimate: stated in the epic.",
        ];
    return {
      key: d.key,
      title: d.title.slice(0, 256),
      body: [...(d.context ?? []), ...basis, ...origin].join("\n").slice(0, 20_000),
      role,
      estimateHours: d.estimateHours ?? options.defaultEstimateHours,
      priority: d.priority ?? "P2",
      acceptanceCriteria: criteria.map((c) => c.slice(0, 500)),
      dependsOn: deps,
    };
  });
  if (defaulted) {
    options.notes.push(
      `${plural(defaulted, "task")} had no estimate; ${options.defaultEstimateHours} h was assumed (planner.defaultEstimateHours).`,
    );
  }
  const plan = validatePlan({ tasks, notes: options.notes.slice(0, 20) }, options.maxTasks);
  return withDerivedPriorities(plan, new Set(keyed.filter((d) => d.priority).map((d) => d.key)));
}

/** Whether an edge origin is one the text states (kept by any planner) rather than an inference. */
export function isStated(origin: string | undefined): boolean {
  return origin === undefined || origin.startsWith("stated");
}

/** Gives every draft without an explicit id the next free `T<n>` key, in epic order. */
export function assignKeys(drafts: TaskDraft[]): Array<TaskDraft & { key: string }> {
  const used = new Set(drafts.map((d) => d.key).filter((k): k is string => Boolean(k)));
  let next = 1;
  for (const d of drafts) {
    if (d.key) continue;
    while (used.has(`T${next}`)) next++;
    d.key = `T${next}`;
    used.add(d.key);
  }
  return drafts as Array<TaskDraft & { key: string }>;
}

function withDerivedPriorities(plan: Plan, explicit: Set<string>): Plan {
  const cp = criticalPath(
    plan.tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn, hours: t.estimateHours })),
  );
  const onPath = new Set(cp.keys);
  const blocking = new Set(plan.tasks.flatMap((t) => t.dependsOn));
  return {
    ...plan,
    tasks: plan.tasks.map((t) =>
      explicit.has(t.key)
        ? t
        : { ...t, priority: onPath.has(t.key) ? "P0" : blocking.has(t.key) ? "P1" : ("P2" as Priority) },
    ),
  };
}
