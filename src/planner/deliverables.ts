import { assignKeys, type TaskDraft } from "./draft.js";
import { estimate } from "./effort.js";
import { parsePriority } from "./fields.js";
import { matchUnit, tokens } from "./links.js";
import { kindOfWork, linkByKind } from "./order.js";
import type { Outline } from "./outline.js";
import { rolesFromWording } from "./roles.js";
import type { Priority } from "./schema.js";
import { phaseEdges, sequenceEdges, statedEdges } from "./stated.js";
import { type Reading, readUnits, short, type Unit } from "./units.js";

/** A tech lead assigns an epic as roughly this many tasks; finer lists are kept grouped. */
const MIN_TASKS = 8;
const TARGET_MAX = 12;

/**
 * Plans a document without an explicit task list from its deliverables (see units.ts): one task
 * per deliverable at a granularity of about 8-12 tasks (a section's sub-sections are split out
 * before its list items), never more than `maxTasks` (finer work is grouped and the grouping
 * noted). Stories and other lists that describe the same work become criteria of the matching
 * task. Estimates, priorities and dependencies come from the text when it gives them, else from
 * the work's size and kind (see links.ts); every guess is noted.
 *
 * @returns drafts, or [] when the document has no work, story or timeline section
 */
export function deliverableTasks(outline: Outline, maxTasks: number, notes: string[]): TaskDraft[] {
  const reading = readUnits(outline);
  if (!reading.units.length) return [];
  const units = refine(reading.units, Math.min(maxTasks, Math.max(TARGET_MAX, 1)), maxTasks, notes);
  if (!units.length) return [];
  fold(units, reading.extras, reading.authored ? 0 : maxTasks);
  const drafts = units.map((u) => toDraft(u));
  assignKeys(drafts);
  const metricsTask = verificationTask(units, reading, drafts.length < maxTasks);
  if (metricsTask) {
    drafts.push(metricsTask);
    assignKeys(drafts);
  }
  const all = metricsTask ? [...units, undefined] : units;
  const stated = statedEdges(all, drafts, reading);
  const sequenced = sequenceEdges(all, drafts);
  const phased = stated + sequenced === 0 ? phaseEdges(all, drafts, reading) : 0;
  const byKind = linkByKind(drafts);
  estimate(drafts, all, reading, notes);
  normalizePriorities(drafts);
  notes.unshift(
    `No task list in the epic: ${drafts.length} tasks were derived from ${reading.basis}` +
      `${stated ? `, with ${stated} dependencies the text states` : ""}` +
      `${sequenced ? `, ${sequenced} from the order of its steps` : ""}` +
      `${phased ? `, ${phased} from its phases` : ""}` +
      `${byKind ? `, ${byKind} from the kind of work (build → tests → release; check them)` : ""}.`,
  );
  if (reading.excluded.length)
    notes.push(`Not planned (excluded by the document): ${short(reading.excluded.join("; "), 450)}`);
  return drafts;
}

/**
 * Splits units into their children while the plan stays within the target size: sections before
 * list items, smallest first; list items only while the plan is still coarser than MIN_TASKS.
 * Past `maxTasks`, consecutive units are grouped.
 */
function refine(top: Unit[], target: number, maxTasks: number, notes: string[]): Unit[] {
  let units = [...top];
  for (;;) {
    const options = units
      .map((u, i) => ({ u, i }))
      .filter(({ u }) => u.children.length > 0)
      .filter(({ u }) => {
        const after = units.length - 1 + u.children.length;
        if (after > maxTasks) return false;
        if (u.sectionChildren && after <= target) return true;
        // Below MIN_TASKS a list of deliverables is split into its items; a feature's bullet
        // points are its details, split only when there are many of them.
        if (!u.container && u.children.every((c) => c.attribute)) return false;
        return units.length < MIN_TASKS && (u.sectionChildren || u.container || u.children.length >= 5);
      })
      .sort(
        (a, b) =>
          Number(b.u.sectionChildren) - Number(a.u.sectionChildren) ||
          a.u.children.length - b.u.children.length,
      );
    const pick = options[0];
    if (!pick) {
      // Still too coarse, but the finest split is over maxTasks: split into groups that fit.
      const big = units.findIndex(
        (u) => u.children.length > 1 && units.length - 1 + u.children.length > maxTasks,
      );
      const room = maxTasks - units.length + 1;
      if (units.length >= MIN_TASKS || big < 0 || room < 2) break;
      const parent = units[big] as Unit;
      const size = Math.ceil(parent.children.length / room);
      const parts: Unit[] = [];
      for (let i = 0; i < parent.children.length; i += size) {
        const part = parent.children.slice(i, i + size);
        parts.push({
          ...(part[0] as Unit),
          title: short(
            `${(part[0] as Unit).title}${part.length > 1 ? ` and ${part.length - 1} more` : ""}`,
            120,
          ),
          criteria: part.map((c) => c.title),
          children: [],
        });
      }
      notes.push(
        `${parent.from} lists ${parent.children.length} deliverables, more than planner.maxTasks (${maxTasks}) allows as tasks: they were grouped ${size} to a task in document order. Raise planner.maxTasks (CLI --max-tasks) for one task each.`,
      );
      units = [...units.slice(0, big), ...parts, ...units.slice(big + 1)];
      continue;
    }
    const parent = pick.u;
    const kids = parent.children.map((c) => ({
      ...c,
      criteria: c.criteria.length ? c.criteria : [],
      body: [...c.body, ...(parent.title ? [`Part of: ${parent.title}`] : [])],
      fields: { ...parent.fields, ...c.fields },
    }));
    // A section's own criteria apply to the whole of it: they go to its first part.
    if (kids[0]) kids[0].criteria.push(...parent.criteria.slice(0, 10));
    if (parent.sequential) for (const k of kids) k.step = parent;
    else if (parent.step && kids[0]) kids[0].step = parent.step;
    units = [...units.slice(0, pick.i), ...kids, ...units.slice(pick.i + 1)];
  }
  for (const u of units) {
    if (!u.children.length) continue;
    // Unsplit children are this task's parts: they become its criteria.
    u.criteria = [
      ...u.children.map((c) =>
        c.criteria.length ? `${c.title}: ${c.criteria.slice(0, 3).join("; ")}` : c.title,
      ),
      ...u.criteria,
    ];
  }
  if (units.length > maxTasks) {
    const size = Math.ceil(units.length / maxTasks);
    const grouped: Unit[] = [];
    for (let i = 0; i < units.length; i += size) {
      const part = units.slice(i, i + size);
      const first = part[0] as Unit;
      grouped.push({
        ...first,
        title: short(`${first.title}${part.length > 1 ? ` and ${part.length - 1} more` : ""}`, 120),
        criteria: part.map((u) => u.title),
        children: [],
      });
    }
    notes.push(
      `The document lists ${units.length} deliverables, more than planner.maxTasks (${maxTasks}): they were grouped ${size} to a task in document order. Raise planner.maxTasks (CLI --max-tasks) for one task each.`,
    );
    units = grouped;
  }
  return units;
}

/**
 * Stories and second lists describing the same work become criteria of the closest task; a story
 * group that matches no task is work of its own ("### Authentication" stories in a PRD whose
 * requirements are only technical) and becomes a task — unless the units are the author's own
 * breakdown (`maxTasks` 0), which is kept as given.
 */
function fold(units: Unit[], extras: Unit[], maxTasks: number): void {
  // "User Stories" is a container: its stories are the groups; "### Authentication" is a group.
  const groups = extras.flatMap((e) =>
    e.sectionChildren || (e.story && /^(user )?(stories|scenarios|journeys)\b/i.test(e.from))
      ? e.children.map((c) => ({ ...c, story: Boolean(e.story || c.story) }))
      : [e],
  );
  const before = units.map((u) => tokens(`${u.title} ${u.criteria.join(" ")}`));
  const unmatched = groups.filter(
    (g) => g.story && g.title && matchUnit(tokens(`${g.title} ${g.criteria.join(" ")}`), before, 2) < 0,
  );
  for (const g of unmatched) {
    if (units.length >= Math.min(maxTasks, TARGET_MAX)) break;
    units.push({ ...g, criteria: [...g.children.map((c) => c.from), ...g.criteria], children: [] });
  }
  extras = groups.filter((g) => !unmatched.includes(g));
  const leaves: Unit[] = [];
  const walk = (u: Unit) => (u.children.length ? u.children.forEach(walk) : leaves.push(u));
  extras.forEach(walk);
  const index = units.map((u) => tokens(`${u.title} ${u.criteria.join(" ")}`));
  const folded = new Map<Unit, number>();
  for (const leaf of leaves) {
    const at = matchUnit(tokens(`${leaf.title} ${leaf.criteria.join(" ")}`), index, 2);
    if (at < 0) continue;
    const u = units[at] as Unit;
    // A few related descriptions sharpen a task; many would turn it into a catch-all.
    if ((folded.get(u) ?? 0) >= 3) continue;
    folded.set(u, (folded.get(u) ?? 0) + 1);
    u.body.push(`Also described as: ${leaf.title}`);
    u.criteria.push(...leaf.criteria.slice(0, 2));
  }
}

function toDraft(u: Unit): TaskDraft {
  const criteria = [...new Set(u.criteria.filter(Boolean))].map((c) => short(c, 500));
  const draft: TaskDraft = {
    title: u.title,
    details: criteria.slice(0, 20),
    context: [...new Set(u.body)].slice(0, 12),
    roleHints: [],
    dependsOn: [],
  };
  const p = u.fields.priority ? priorityOf(u.fields.priority) : priorityOf(u.title);
  if (p) draft.priority = p;
  const roles = rolesFromWording(u.title, criteria.join("\n"));
  if (roles[0]) draft.roleHints = [roles[0]];
  return draft;
}

/** P0-P3, MoSCoW, high/medium/low, MVP/critical, optional. */
function priorityOf(text: string): Priority | undefined {
  const t = text.toLowerCase();
  if (/\boptional\b|\bcould\b|\blow\b/.test(t)) return "P2";
  if (/\bshould\b|\bmedium\b/.test(t)) return "P1";
  if (/\bmust\b|\bhigh\b|\bmvp\b|\bcritical\b/.test(t)) return "P0";
  return parsePriority(text);
}

/** Spec-kit numbers priorities from P1: when no task is P0, every level moves up one. */
function normalizePriorities(drafts: TaskDraft[]): void {
  const given = drafts.filter((d) => d.priority);
  if (!given.length || given.some((d) => d.priority === "P0")) return;
  for (const d of given) d.priority = d.priority === "P1" ? "P0" : "P1";
}

function verificationTask(units: Unit[], reading: Reading, room: boolean): TaskDraft | undefined {
  if (!room || units.length < 3 || units.some((u) => kindOfWork(u.title) === "test")) return undefined;
  const metrics = [...new Set(reading.metrics)].slice(0, 20);
  return {
    title: "Integration and end-to-end verification",
    details: metrics.length ? metrics : ["Every user-facing flow has an automated end-to-end test"],
    context: [
      metrics.length ? "Checks the document's success criteria." : "The document states no success criteria.",
    ],
    roleHints: ["qa"],
    dependsOn: [],
  };
}
