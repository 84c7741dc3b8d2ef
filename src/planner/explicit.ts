import { assignKeys, type TaskDraft } from "./draft.js";
import { addMermaidEdges, addStepEdges, addTextEdges, inferSeriesEdges } from "./explicit-edges.js";
import {
  findTaskRefs,
  keyValue,
  LEADING_ID,
  normalize,
  normalizeTaskId,
  parseEstimate,
  parsePriority,
} from "./fields.js";
import type { EpicDocument, EpicListItem } from "./markdown.js";
import { roleFromAgent } from "./roles.js";
import type { Role } from "./schema.js";
import { sectionKind } from "./scope.js";

// Sections whose lists are not work items even when they are task lists.
const NOT_TASKS =
  /\b(acceptance|success|criteria|definition of done|out of scope|non[- ]?(goals?|requirements?)|risks?|milestones?|metrics|open questions|timeline|references|glossary|dependencies|assumptions|decision points?|go\/no-go|green|yellow|red)\b/i;
// A heading that names a task list ("Tasks", "Task Breakdown Preview", "Implementation tasks"),
// not one that merely contains the word ("Silent Task Template Discovery").
const TASK_SECTIONS =
  /^(\W*\d*[.)]?\s*)?((implementation|engineering|development|remaining|open|sub)[- ])?(tasks?( list| breakdown| plan| preview| created)*|task breakdown( preview)?|work items?|backlog|to-?dos?|sub-?issues|checklist|implementation (tasks|checklist)|breakdown)\s*(\(.*\))?\s*:?$/i;
const INLINE_ID = /\(([A-Za-z]\d*-T\d+|T\d+)\)/;

/**
 * Reads the tasks an epic spells out: task-list items, items with ids ("Task 3:", "T3.",
 * "M6-T001"), items under a "Tasks"-like heading, and ownership lines that reference ids
 * ("Week 31: Signal pattern (M6-T001) + Continue-as-new pattern (M6-T010)" under a role heading).
 * Nested lines give `Estimate:`, `Agent:`/`Role:`/`Owner:`, `Priority:`, `Depends on:` and
 * acceptance criteria. Dependencies come from those phrases and from mermaid `A --> B` edges.
 *
 * @param notes receives a sentence for everything the planner had to guess or ignore
 * @returns drafts in epic order, or [] when the epic has no explicit task structure
 */
export function explicitTasks(doc: EpicDocument, notes: string[]): TaskDraft[] {
  const drafts: TaskDraft[] = [];
  const byKey = new Map<string, TaskDraft>();
  // In an ownership-style milestone ("Week 31: Signal pattern (M6-T001)"), lines without an id
  // are ongoing duties ("Week 36: Demo prep"), not work items.
  const ownership = doc.items.some((i) => i.depth === 0 && INLINE_ID.test(i.text));
  const sectionOf = new Map<TaskDraft, string>();
  for (const item of doc.items) {
    // User stories describe needs, not work items: the derived planner groups them.
    if (item.depth !== 0 || !item.text || /^as an?\s/i.test(item.text)) continue;
    // The document title ("Milestone 6: …") names the whole epic, not a section of it.
    const sections = item.headings.filter((h) => h !== doc.title);
    if (sections.some((h) => NOT_TASKS.test(h)) || (item.lead && NOT_TASKS.test(item.lead))) continue;
    if (sections.some((h) => sectionKind(h, undefined) === "excluded") || item.checked === true) continue;
    const owned = ownedTasks(item);
    if (owned.length) {
      for (const d of owned) {
        const known = d.key ? byKey.get(d.key) : undefined;
        if (known) {
          // The same id owned by two roles: keep the first title, record the second view of it.
          known.roleHints.push(...d.roleHints);
          if (d.title !== known.title) known.details.push(d.title);
        } else {
          drafts.push(d);
          if (d.key) byKey.set(d.key, d);
        }
      }
      continue;
    }
    const isTask =
      item.checked !== null || LEADING_ID.test(item.text) || sections.some((h) => TASK_SECTIONS.test(h));
    if (!isTask || (ownership && item.checked === null && !LEADING_ID.test(item.text))) continue;
    const draft = draftFromItem(item);
    // "Task 1: 2 days (Ollama client)" under a critical-path list is an estimate, not a task.
    const known = draft.key ? byKey.get(draft.key) : undefined;
    if (known && /^\d+(\.\d+)?\s*(h|hours?|d|days?|w|weeks?|pts?|points?)\b/i.test(draft.title)) {
      known.estimateHours ??= parseEstimate(draft.title);
      continue;
    }
    // A second listing of the same task ("Tasks Created: #6 - Configuration & Health Check") is
    // the same work: planned once.
    const same = drafts.find((d) => sameTask(d.title, draft.title));
    if (same) {
      if (!same.key && draft.key) same.key = draft.key;
      continue;
    }
    if (draft.key && byKey.has(draft.key)) {
      notes.push(
        `Task id ${draft.key} appears twice; the second ("${draft.title}") was kept under a new key.`,
      );
      delete draft.key;
    }
    drafts.push(draft);
    sectionOf.set(draft, sections[sections.length - 1] ?? "");
    const lead =
      item.lead && item.lead.length <= 80 ? item.lead.replace(/[*:\s]+$/g, "").replace(/^\*+/, "") : "";
    draft.section = lead || sections[sections.length - 1] || "";
    if (draft.key) byKey.set(draft.key, draft);
  }
  if (!drafts.length) return drafts;
  const explicitIds = new Set(drafts.filter((d) => d.key).map((d) => d.key as string));
  assignKeys(drafts);
  addMermaidEdges(doc, drafts, notes);
  addTextEdges(doc, drafts);
  addStepEdges(drafts, sectionOf);
  if (drafts.every((d) => d.dependsOn.length === 0))
    inferSeriesEdges(
      drafts.filter((d) => explicitIds.has(d.key as string)),
      notes,
    );
  return drafts;
}

function draftFromItem(item: EpicListItem): TaskDraft {
  const idMatch = LEADING_ID.exec(item.text);
  const key = idMatch ? normalizeTaskId(idMatch[1] as string) : undefined;
  let title = item.text.replace(LEADING_ID, "").trim();
  const draft: TaskDraft = { title, details: [], roleHints: [], dependsOn: [] };
  if (key) draft.key = key;

  // Inline fields in the title: "[P0]", "(3h)", "— depends on T2".
  const prio = /\[(p[0-2])\]/i.exec(title);
  if (prio) {
    draft.priority = parsePriority(prio[1] as string);
    title = title.replace(prio[0], "").trim();
  }
  const est = /\((\d+(?:\.\d+)?\s*(?:h|hours?|d|days?|w|weeks?))\)\s*$/i.exec(title);
  if (est) {
    draft.estimateHours = parseEstimate(est[1] as string);
    title = title.replace(est[0], "").trim();
  }
  const dep = /[\s(—–-]*\b(?:depends on|blocked by|after|requires)\b(.+)$/i.exec(title);
  if (dep && findTaskRefs(dep[1] as string).length) {
    draft.dependsOn.push(...findTaskRefs(dep[1] as string));
    title = title
      .slice(0, dep.index)
      .replace(/[\s(—–-]+$/, "")
      .trim();
  }
  draft.title = title || item.text;

  for (const line of item.children) readDetail(line, draft);
  return draft;
}

function readDetail(line: string, draft: TaskDraft): void {
  const kv = keyValue(line);
  if (kv) {
    if (/^(estimate|effort|size|time)$/.test(kv.key)) {
      const h = parseEstimate(kv.value);
      if (h !== undefined) {
        draft.estimateHours = h;
        return;
      }
    }
    if (/^(agents?|roles?|owners?|assignees?|team)$/.test(kv.key)) {
      for (const name of kv.value.split(/[,;&+]|\band\b/)) {
        const role = roleFromAgent(name.trim());
        if (role) draft.roleHints.push(role);
      }
      return;
    }
    if (kv.key === "priority") {
      const p = parsePriority(`priority: ${kv.value}`) ?? parsePriority(kv.value);
      if (p) draft.priority = p;
      return;
    }
    if (/^(depends on|dependencies|blocked by|after|requires)$/.test(kv.key)) {
      draft.dependsOn.push(...findTaskRefs(kv.value));
      return;
    }
  }
  const dep = /^\s*(?:depends on|blocked by|requires|after)\s+(.+)$/i.exec(line);
  if (dep && findTaskRefs(dep[1] as string).length) {
    draft.dependsOn.push(...findTaskRefs(dep[1] as string));
    return;
  }
  draft.details.push(line);
}

/** "**Week 31**: Signal pattern (M6-T001) + Continue-as-new pattern (M6-T010)" under a role heading. */
function ownedTasks(item: EpicListItem): TaskDraft[] {
  if (!INLINE_ID.test(item.text)) return [];
  const heading = item.headings[item.headings.length - 1] ?? "";
  const role = roleFromAgent(heading);
  const when = /^\s*([^:]{1,40}):\s*/.exec(item.text);
  const rest = when ? item.text.slice(when[0].length) : item.text;
  const out: TaskDraft[] = [];
  for (const part of rest.split(/\s+\+\s+|,\s+(?=[^()]*(?:\(|$))/)) {
    const m = INLINE_ID.exec(part);
    if (!m) continue;
    const key = normalizeTaskId(m[1] as string);
    const title = part.replace(m[0], "").trim();
    if (!title) continue;
    const draft: TaskDraft = {
      title,
      details: [],
      context: when ? [`Scheduled: ${(when[1] as string).trim()} (${heading})`] : [],
      roleHints: role ? [role] : ([] as Role[]),
      dependsOn: [],
    };
    if (key) draft.key = key;
    out.push(draft);
  }
  return out;
}

function sameTask(a: string, b: string): boolean {
  const x = normalize(a.replace(/\(.*?\)/g, ""));
  const y = normalize(b.replace(/^#?\d+\s*[-–—:]\s*/, "").replace(/\(.*?\)/g, ""));
  if (x.length <= 3 || y.length <= 3) return false;
  if (x === y) return true;
  // "Configuration & Health Check" and "… Check Command" are one task; "Piece 1" and "Piece 10" are not.
  const [shorter, longer] = x.length < y.length ? [x, y] : [y, x];
  return shorter.includes(" ") && !/\d$/.test(shorter) && longer.startsWith(`${shorter} `);
}
