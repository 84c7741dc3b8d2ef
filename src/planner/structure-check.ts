import type { PlanStructure } from "./deterministic.js";
import { findCycle } from "./graph.js";
import { matchUnit, tokens } from "./links.js";

/** The part of a planned task the structure check reads and repairs. */
interface Checked {
  key: string;
  title: string;
  dependsOn: string[];
}

/** The outcome of checking a plan against the epic's structure. */
export interface StructureCheck {
  /** Problems only the model can fix (a missing explicit task, an order it made impossible). */
  errors: string[];
  /** What was repaired in place, in words for the plan notes. */
  repairs: string[];
}

/**
 * Checks a planned task list against what the epic states (see `planStructure`) and repairs what
 * can be repaired without the model, in place:
 * - every explicit task must be there, by key (else an error for the model's repair round);
 * - every stated dependency must be there: a missing one is added, and an edge that reverses it
 *   (the later task made a blocker of the earlier one) is removed first;
 * - a stated order the plan contradicts through other tasks, which a repair would turn into a
 *   cycle, is an error.
 * Stated dependencies between deliverables (no task list) are matched to the plan's tasks by
 * their titles' words; pairs that match no task, or the same one, are skipped.
 *
 * @param tasks the model's tasks (already valid against the plan schema); edited in place
 */
export function checkStructure(tasks: Checked[], structure: PlanStructure): StructureCheck {
  const errors: string[] = [];
  const repairs: string[] = [];
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const pairs: Array<{ before: Checked; after: Checked; says: string }> = [];
  for (const e of structure.explicit) {
    const t = byKey.get(e.key);
    if (!t) {
      errors.push(
        `explicit task ${e.key} ("${e.title}") from the epic is missing; keep it with key ${e.key}`,
      );
      continue;
    }
    for (const d of e.dependsOn) {
      const before = byKey.get(d);
      if (before) pairs.push({ before, after: t, says: `${e.key} depends on ${d}` });
    }
  }
  if (structure.stated.length) {
    const index = tasks.map((t) => tokens(t.title));
    const find = (title: string) => tasks[matchUnit(tokens(title), index, 1, true)];
    for (const s of structure.stated) {
      const before = find(s.before);
      const after = find(s.after);
      if (before && after && before !== after)
        pairs.push({ before, after, says: `"${s.after}" comes after "${s.before}"` });
    }
  }
  for (const { before, after, says } of pairs) {
    if (after.dependsOn.includes(before.key)) continue;
    if (before.dependsOn.includes(after.key)) {
      before.dependsOn = before.dependsOn.filter((k) => k !== after.key);
      repairs.push(
        `removed ${before.key} depends on ${after.key}, which reversed what the epic states (${says})`,
      );
    }
    after.dependsOn.push(before.key);
    if (findCycle(tasks)) {
      after.dependsOn.pop();
      errors.push(
        `task ${before.key} comes after ${after.key} through other dependencies, but the epic states ${says}: reorder them`,
      );
    } else repairs.push(`added ${after.key} depends on ${before.key}, as the epic states (${says})`);
  }
  return { errors: errors.slice(0, 20), repairs };
}
