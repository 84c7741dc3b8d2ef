import { assignKeys, type TaskDraft } from "./draft.js";
import { findTaskRefs, keyValue, normalizeTaskId, parseEstimate, parsePriority } from "./fields.js";
import { addEdgeSafely } from "./links.js";
import type { EpicDocument, EpicListItem } from "./markdown.js";
import { parseMermaid } from "./mermaid.js";
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
const LEADING_ID = /^\s*(task\s*#?\s*\d+|[A-Za-z]\d*-T\d+|T-?\d+)\s*[:.)\]\-–—]\s*/i;
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

const STEP_HEADING =
  /^(\W*)(\d+[.)]?\s*)?(phase|stage|step|milestone|version|v\d|release|sprint|week|iteration|increment)\b/i;

/**
 * Task lists under headings that are steps in order ("## v1.1", "## v1.2"; "Phase 1", "Phase 2"):
 * the work of each step waits for the work of the step before (the document's own order).
 */
function addStepEdges(drafts: TaskDraft[], sectionOf: Map<TaskDraft, string>): void {
  const steps: Array<{ heading: string; members: number[] }> = [];
  drafts.forEach((d, i) => {
    const heading = sectionOf.get(d);
    if (!heading || !STEP_HEADING.test(heading)) return;
    const last = steps[steps.length - 1];
    if (last?.heading === heading) last.members.push(i);
    else steps.push({ heading, members: [i] });
  });
  if (new Set(steps.map((s) => s.heading)).size < 2) return;
  for (let k = 1; k < steps.length; k++)
    for (const to of steps[k]?.members ?? [])
      for (const from of steps[k - 1]?.members ?? [])
        addEdgeSafely(drafts, from, to, "stated order of the steps");
}

/**
 * Milestone plans number related work in series of ten (M6-T040 replay system, M6-T041 replay
 * viewer, M6-T042 error overlay). With no explicit dependencies at all, each later task of a
 * series is taken to build on the first one; the plan notes say so, so people can correct it.
 */
function inferSeriesEdges(drafts: TaskDraft[], notes: string[]): void {
  const series = new Map<string, TaskDraft[]>();
  for (const d of drafts) {
    const m = /^(.*?T)(\d+)$/.exec(d.key ?? "");
    if (!m || (m[2] as string).length < 2) continue;
    const id = `${m[1]}${(m[2] as string).slice(0, -1)}`;
    series.set(id, [...(series.get(id) ?? []), d]);
  }
  let inferred = 0;
  for (const members of series.values()) {
    const sorted = [...members].sort((a, b) => (a.key as string).localeCompare(b.key as string));
    const first = sorted[0] as TaskDraft;
    for (const d of sorted.slice(1)) {
      d.dependsOn.push(first.key as string);
      d.origins = { ...d.origins, [first.key as string]: "id series (a later id builds on the first)" };
      inferred++;
    }
  }
  if (inferred) {
    notes.push(
      `The epic states no dependencies; ${inferred} were inferred from id series (e.g. a task ending in 1 builds on the one ending in 0). Check them before applying.`,
    );
  }
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

function addMermaidEdges(doc: EpicDocument, drafts: TaskDraft[], notes: string[]): void {
  const byKey = new Map(drafts.filter((d) => d.key).map((d) => [d.key as string, d]));
  const byTitle = new Map(drafts.map((d) => [normalize(d.title), d]));
  for (const source of doc.mermaid) {
    const graph = parseMermaid(source);
    const resolve = (id: string): TaskDraft | undefined => {
      const node = graph.nodes.get(id);
      const direct = normalizeTaskId(id);
      if (direct && byKey.has(direct)) return byKey.get(direct);
      if (byKey.has(id)) return byKey.get(id);
      const labelRef = node?.label ? findTaskRefs(node.label)[0] : undefined;
      if (labelRef && byKey.has(labelRef)) return byKey.get(labelRef);
      const label = node?.label ? normalize(node.label.replace(LEADING_ID, "")) : undefined;
      if (label) {
        if (byTitle.has(label)) return byTitle.get(label);
        for (const [title, d] of byTitle) if (title.startsWith(label) || label.startsWith(title)) return d;
      }
      return undefined;
    };
    for (const edge of graph.edges) {
      const from = resolve(edge.from);
      const to = resolve(edge.to);
      if (!from || !to) {
        const missing = !from ? edge.from : edge.to;
        notes.push(`Mermaid edge ${edge.from} --> ${edge.to} ignored: no task matches "${missing}".`);
        continue;
      }
      if (from !== to && !to.dependsOn.includes(from.key as string)) to.dependsOn.push(from.key as string);
    }
  }
}

/**
 * Dependency lines in plain text and code blocks: "Task 1 (Client) → Task 3 (Agent) → Task 5",
 * "Task 9 (Docs) depends on Task 8", "Task 10 depends on Tasks 1-9".
 */
function addTextEdges(doc: EpicDocument, drafts: TaskDraft[]): void {
  const byKey = new Map(drafts.filter((d) => d.key).map((d) => [d.key as string, d]));
  const lines = [...doc.code, ...doc.paragraphs.map((p) => p.text)].flatMap((t) => t.split("\n"));
  const add = (from: string | undefined, to: string | undefined) => {
    const a = from ? byKey.get(from) : undefined;
    const b = to ? byKey.get(to) : undefined;
    if (a && b && a !== b && !b.dependsOn.includes(a.key as string)) b.dependsOn.push(a.key as string);
  };
  for (const line of lines) {
    const dep = /^(.*?)\b(?:depends on|blocked by|requires|after)\b(.*)$/i.exec(line);
    if (dep) {
      const [to] = findTaskRefs(dep[1] as string);
      for (const from of refsWithRanges(dep[2] as string)) add(from, to);
      continue;
    }
    const parts = line.split(/\s*(?:→|->|⟶)\s*/);
    if (parts.length < 2) continue;
    for (let i = 0; i + 1 < parts.length; i++)
      add(findTaskRefs(parts[i] as string)[0], findTaskRefs(parts[i + 1] as string)[0]);
  }
}

/** Task references, with "Tasks 1-9" expanded to T1…T9. */
function refsWithRanges(text: string): string[] {
  const out = findTaskRefs(text);
  for (const m of text.matchAll(/\btasks?\s*#?(\d+)\s*[-–]\s*#?(\d+)\b/gi)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    for (let n = a; n <= b && b - a < 200; n++) out.push(`T${n}`);
  }
  return [...new Set(out)];
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

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
