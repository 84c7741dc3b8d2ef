import { plural } from "../text/plural.js";
import type { TaskDraft } from "./draft.js";
import { PRIORITIES, type Role } from "./schema.js";

/**
 * Groups an explicit task list longer than `maxTasks` into at most `maxTasks` tasks instead of
 * refusing it: consecutive tasks of one section (heading or lead line, e.g. "**Security**:") form a
 * group, and the smallest adjacent groups are merged until the plan fits. A group's criteria are
 * its members' titles, its estimate their sum (when they state one), its priority the highest, its
 * dependencies those of its members between groups. The note names the config key and the CLI flag.
 *
 * @returns the drafts unchanged when they fit, else the grouped drafts (new `T<n>` keys)
 */
export function groupExplicit(
  drafts: TaskDraft[],
  maxTasks: number,
  defaultEstimateHours: number,
  notes: string[],
): TaskDraft[] {
  if (drafts.length <= maxTasks || maxTasks < 1) return drafts;
  const groups: TaskDraft[][] = [];
  for (const d of drafts) {
    const last = groups[groups.length - 1];
    if (last && (last[0]?.section ?? "") === (d.section ?? "")) last.push(d);
    else groups.push([d]);
  }
  while (groups.length > maxTasks) {
    let at = 0;
    for (let i = 1; i + 1 < groups.length; i++)
      if (
        (groups[i]?.length ?? 0) + (groups[i + 1]?.length ?? 0) <
        (groups[at]?.length ?? 0) + (groups[at + 1]?.length ?? 0)
      )
        at = i;
    groups.splice(at, 2, [...(groups[at] ?? []), ...(groups[at + 1] ?? [])]);
  }
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const d of g) if (d.key) groupOf.set(d.key, i);
  });
  const grouped = groups.map((members, i): TaskDraft => {
    const first = members[0] as TaskDraft;
    const sections = [...new Set(members.map((m) => m.section ?? ""))];
    const title =
      sections.length === 1 && sections[0]
        ? `${sections[0]}: ${plural(members.length, "item")}`
        : `${first.title}${members.length > 1 ? ` and ${members.length - 1} more` : ""}`;
    const stated = members.filter((m) => m.estimateHours !== undefined);
    const priority = members
      .map((m) => m.priority)
      .filter((p) => p !== undefined)
      .sort((a, b) => PRIORITIES.indexOf(a) - PRIORITIES.indexOf(b))[0];
    const deps = new Set<string>();
    for (const m of members)
      for (const k of m.dependsOn) {
        const g = groupOf.get(k);
        if (g !== undefined && g !== i) deps.add(`T${g + 1}`);
      }
    const draft: TaskDraft = {
      key: `T${i + 1}`,
      title: title.slice(0, 200),
      details: members.map((m) => m.title).slice(0, 20),
      context: [
        `Groups ${plural(members.length, "task")} of the epic${members.some((m) => m.key) ? ` (${members.map((m) => m.key).join(", ")})` : ""}.`,
        ...(members.length > 20
          ? [
              `Also: ${members
                .slice(20)
                .map((m) => m.title)
                .join("; ")}`.slice(0, 2000),
            ]
          : []),
      ],
      roleHints: mostCommon(members.flatMap((m) => m.roleHints)),
      dependsOn: [...deps],
      section: sections[0] ?? "",
    };
    const sum = stated.reduce((s, m) => s + (m.estimateHours ?? 0), 0);
    draft.estimateHours = Math.min(400, sum + (members.length - stated.length) * defaultEstimateHours);
    draft.context?.push(
      `Estimate: the sum of its tasks${stated.length < members.length ? ` (${defaultEstimateHours} h, planner.defaultEstimateHours, for each of the ${members.length - stated.length} without one)` : ""}.`,
    );
    if (priority) draft.priority = priority;
    return draft;
  });
  notes.push(
    `The epic lists ${plural(drafts.length, "task")}, more than planner.maxTasks (${maxTasks}): they were grouped by section, in document order, into ${plural(grouped.length, "task")}. Raise planner.maxTasks (CLI --max-tasks) for one task each.`,
  );
  return grouped;
}

function mostCommon(roles: Role[]): Role[] {
  const count = new Map<Role, number>();
  for (const r of roles) count.set(r, (count.get(r) ?? 0) + 1);
  const best = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? [best[0]] : [];
}
