import type { Outline, OutlineItem, OutlineSection } from "./outline.js";
import { DESCRIPTIVE_LABEL, exclusionReason, itemExcluded } from "./scope.js";
import { capitalize, cleanTitle, isGeneric, short, storyParts } from "./titles.js";

export { short, storyParts } from "./titles.js";

/**
 * A deliverable read from a document: a section (feature, requirement, story, version…) or one
 * list item of a work section, with what the document says about it.
 */
export interface Unit {
  title: string;
  /** The document's own criteria for it: nested items, EARS lines, "so that …", criteria sections. */
  criteria: string[];
  /** Context lines for the task body ("User story: …", "From: Key Features"). */
  body: string[];
  /** Sub-deliverables it can be split into. */
  children: Unit[];
  /** Whether `children` are sections (features) rather than list items (details). */
  sectionChildren: boolean;
  /** The children are steps in order (versions, phases, numbered stories, a numbered work plan). */
  sequential: boolean;
  /** Field lines: "Priority: High", "Estimated Duration: 3 weeks", "Dependencies: Product Catalog". */
  fields: { priority?: string; estimate?: string; dependsOn?: string };
  /** Section path, for notes and grouping. */
  from: string;
  /** Read from a user-stories section. */
  story?: boolean;
  /**
   * The section lists deliverables ("Deliverables", "Functional Requirements", "Version 0.3.0",
   * "Layer 3: …") rather than describing one feature whose items are its details.
   */
  container?: boolean;
  /** A "Label: short value" item ("Framework: FastAPI"): a detail of its section, not work. */
  attribute?: boolean;
  /** The sequence this unit is a step of (versions, numbered stories, a numbered work plan). */
  step?: Unit;
}

/** What the outline gives the planner besides units. */
export interface Reading {
  units: Unit[];
  /** Units that were not chosen as tasks but describe the same work (stories, a second list). */
  extras: Unit[];
  /** Excluded items with the reason, for the notes ("Anomaly detection (out of scope)"). */
  excluded: string[];
  /** Document-wide success metrics and criteria (for a verification task). */
  metrics: string[];
  /** Lines of dependency sections and plain code blocks ("A → B", "X (Depends on: Y)"). */
  edgeLines: string[];
  /** Paragraphs of the document outside excluded sections (for a stated team size and duration). */
  prose: string[];
  /** Schedule phases in order: title and the texts listed under each. */
  phases: Array<{ title: string; texts: string[] }>;
  /** What the units were read from ("the Deliverables section"). */
  basis: string;
  /** The units are the author's own breakdown (deliverables, work plan, checklist): kept as given. */
  authored?: boolean;
}

const TIER_A =
  /\b(deliverables?|work ?plan|action plan|checklist|tasks?|to-?dos?|work items?|implementation plan|breakdown)\b/i;
const SEQUENTIAL_TITLE =
  /^(\W*)(phase|stage|step|milestone|version|v\d|release|sprint|week|iteration|increment|story\s*\d)/i;
const CONTAINER =
  /^(\W*)((functional|non-functional|core|key|main|technical|product|security|performance)\s+)?(requirements|features|capabilities|deliverables|scope|stories|components|modules|layers?|work)\b/i;
const SEQUENTIAL_PARENT = /\b(plan|steps|sequence|order|phases|roadmap|milestones|rollout)\b/i;

/**
 * Reads the deliverables of a document without an explicit task list: units from its work
 * sections (the author's own breakdown — deliverables, a work plan, a checklist — when it has one,
 * else its features and requirements, else its user stories, else its timeline), with the
 * document's stories, excluded items, metrics, dependency lines and phases beside them.
 */
export function readUnits(outline: Outline): Reading {
  const reading: Reading = {
    units: [],
    extras: [],
    excluded: [],
    metrics: [],
    edgeLines: [],
    prose: [],
    phases: [],
    basis: "",
  };
  const tops = {
    work: [] as OutlineSection[],
    stories: [] as OutlineSection[],
    schedule: [] as OutlineSection[],
  };
  for (const s of outline.sections) {
    const parentKind = s.parent?.kind;
    if (s.kind !== "excluded" && reading.prose.length < 200) reading.prose.push(...s.paragraphs.slice(0, 20));
    if (s.kind === "excluded" && parentKind !== "excluded") {
      const reason = exclusionReason(s.title) ?? "excluded";
      const what = s.items.length ? s.items.map((i) => i.label ?? i.text) : [s.title];
      for (const w of what.slice(0, 12)) reading.excluded.push(`${short(w, 80)} (${reason})`);
    } else if (s.kind === "criteria" && !isUnitKind(parentKind)) {
      reading.metrics.push(...s.items.map((i) => i.text));
    } else if (s.kind === "edges") {
      reading.edgeLines.push(...s.items.map((i) => i.text), ...s.paragraphs.flatMap((p) => p.split("\n")));
      for (const c of s.code) reading.edgeLines.push(...c.value.split("\n"));
    } else if (isUnitKind(s.kind) && parentKind !== s.kind && s.kind !== "context") {
      tops[s.kind as "work" | "stories" | "schedule"].push(s);
    }
    for (const c of s.code)
      if (s.kind !== "edges" && /(→|->|depends on)/i.test(c.value))
        reading.edgeLines.push(...c.value.split("\n"));
  }
  for (const s of tops.schedule) {
    const phases = s.children.length ? s.children : [s];
    for (const p of phases) reading.phases.push({ title: p.title, texts: allTexts(p) });
  }

  const workNodes = tops.work
    .map((s) => sectionUnit(s, reading))
    .filter((u) => u.children.length || u.criteria.length || u.title);
  // Sibling top-level steps ("Story 2.1", "Story 2.2"; "Version 0.3.0", "Version 0.4.0") are done in order.
  const steps = workNodes.filter((_, i) => SEQUENTIAL_TITLE.test(cleanLead(tops.work[i]?.title ?? "")));
  if (steps.length >= 2) {
    const sequence = { ...(steps[0] as Unit), children: [] };
    for (const u of steps) u.step = sequence;
  }
  const tierA = workNodes.filter((u, i) => TIER_A.test(tops.work[i]?.title ?? "") && leafCount(u) >= 2);
  const storyNodes = tops.stories.map((s) => sectionUnit(s, reading));
  if (tierA.length) {
    reading.units = tierA;
    reading.authored = true;
    reading.extras = [...workNodes.filter((u) => !tierA.includes(u)), ...storyNodes];
    reading.basis = `the document's own breakdown (${tierA.map((u) => u.from).join(", ")})`;
  } else if (workNodes.length) {
    reading.units = workNodes;
    reading.extras = storyNodes;
    reading.basis = `its ${workNodes.map((u) => u.from).join(", ")} section${workNodes.length > 1 ? "s" : ""}`;
  } else if (storyNodes.length) {
    reading.units = storyNodes;
    reading.basis = "its user stories";
  } else if (tops.schedule.length) {
    reading.units = tops.schedule.map((s) => sectionUnit(s, reading));
    reading.basis = "its timeline";
  }
  return reading;
}

function cleanLead(title: string): string {
  return title.replace(/^\W*(\d+(\.\d+)*[.)]?\s+)/, "");
}

function isUnitKind(kind: string | undefined): boolean {
  return kind === "work" || kind === "stories" || kind === "schedule";
}

/** Builds the unit of a section, its sub-sections and items (recursively). */
function sectionUnit(s: OutlineSection, reading: Reading): Unit {
  const unit: Unit = {
    title: "",
    criteria: [],
    body: [],
    children: [],
    sectionChildren: false,
    sequential: false,
    fields: {},
    from: s.title || "the document",
    ...(s.kind === "stories" ? { story: true } : {}),
  };
  let story: string | undefined;
  for (const p of s.paragraphs) {
    for (const line of p.split("\n")) {
      const field = readField(line, unit);
      if (field) continue;
      const st = storyParts(line);
      if (st) {
        story ??= st.want;
        unit.body.push(`User story: ${line.replace(/^user story:\s*/i, "")}`);
        if (st.soThat) unit.criteria.push(`So that ${st.soThat}`);
      }
    }
  }
  const workKids: OutlineSection[] = [];
  const pseudoWork: OutlineSection[] = [];
  for (const c of s.children) {
    if (c.kind === "criteria") unit.criteria.push(...allTexts(c));
    else if (c.kind === "excluded") continue;
    else if (c.kind === "context" || c.kind === "edges") {
      for (const p of c.paragraphs) for (const line of p.split("\n")) readField(line, unit);
      if (c.kind === "edges") reading.edgeLines.push(...c.items.map((i) => i.text));
    } else if (c.kind === "schedule" && s.kind !== "schedule") continue;
    else if (c.pseudo) pseudoWork.push(c);
    else workKids.push(c);
  }
  // One pseudo-heading ("**Features:**") only labels the section's list; several are groups.
  const items: OutlineItem[] = [...s.items];
  if (pseudoWork.length >= 2 || workKids.length) workKids.push(...pseudoWork);
  else for (const p of pseudoWork) items.push(...p.items);
  for (const k of workKids) unit.children.push(sectionUnit(k, reading));
  unit.sectionChildren = unit.children.length > 0;
  if (
    !s.title ||
    TIER_A.test(s.title) ||
    SEQUENTIAL_TITLE.test(cleanLead(s.title)) ||
    CONTAINER.test(cleanLead(s.title))
  )
    unit.container = true;
  for (const item of items) {
    const why = itemExcluded(item.text, item.checked);
    if (why) {
      reading.excluded.push(`${short(item.label ?? item.text, 80)} (${why})`);
      continue;
    }
    if (item.label && DESCRIPTIVE_LABEL.test(item.label)) {
      unit.body.push(item.text);
      continue;
    }
    if (readField(item.text, unit)) continue;
    // "Users: engineering leads, EMs" names an audience, not work.
    if (/^(users?|personas?|audience|team|timeline|budget|stakeholders?|target users)\s*:/i.test(item.text)) {
      unit.body.push(item.text);
      continue;
    }
    const st = storyParts(item.text);
    if (st && !unit.children.length && s.kind !== "stories") {
      story ??= st.want;
      unit.body.push(`User story: ${item.text}`);
      if (st.soThat) unit.criteria.push(`So that ${st.soThat}`);
      continue;
    }
    unit.children.push(itemUnit(item, s));
  }
  const own = cleanTitle(s.title);
  unit.title = !own || isGeneric(own) ? capitalize(story ?? unit.criteria[0] ?? own ?? s.title) : own;
  unit.title = short(unit.title, 120);
  unit.sequential =
    unit.children.length >= 2 &&
    (unit.children.filter((c) => SEQUENTIAL_TITLE.test(c.from)).length >= 2 ||
      (items.length >= 2 && items.every((i) => i.ordered) && SEQUENTIAL_PARENT.test(s.title)));
  return unit;
}

function itemUnit(item: OutlineItem, s: OutlineSection): Unit {
  const label = item.label && !/^[A-Z]{1,5}-?\d+[\w.-]*$/.test(item.label) ? item.label : undefined;
  const rest = label
    ? item.text.slice(item.text.indexOf(label) + label.length).replace(/^[\s:*—–-]+/, "")
    : "";
  const unit: Unit = {
    title: short(cleanTitle(label ?? item.text) || item.text, 120),
    criteria: [...(rest ? [rest] : []), ...item.children],
    body: [],
    children: [],
    sectionChildren: false,
    sequential: false,
    fields: {},
    from: item.text,
  };
  if (label && rest.length < 40 && !item.children.length) unit.attribute = true;
  // "Define the schema (1 day)": a stated estimate, not part of the title.
  const est = /\s*\((\d+(?:\.\d+)?\s*(?:h|hours?|d|days?|w|weeks?|pts?|points?|sp))\)\s*$/i.exec(unit.title);
  if (est) {
    unit.fields.estimate = est[1] as string;
    unit.title = unit.title.slice(0, est.index).trim();
  }
  // A requirement line ("FR-001: Users MUST export to PDF") is its own acceptance criterion.
  if (!unit.criteria.length && /\b(MUST|SHALL|SHOULD|must|shall)\b/.test(item.text))
    unit.criteria.push(item.text.replace(/^\s*[A-Z]{1,5}-?\d+[\w.-]*\s*[:.)\-–—]\s*/, ""));
  const st = label ? undefined : storyParts(item.text);
  if (st) {
    unit.title = short(capitalize(st.want), 120);
    unit.criteria = [item.text, ...item.children];
  } else if (!label && item.text.length > 120) unit.criteria.unshift(item.text);
  if (/\(optional\)|\boptional\b/i.test(item.text.slice(0, 40))) unit.fields.priority = "optional";
  void s;
  return unit;
}

/** "Priority: High", "Estimated Duration: 3 weeks", "Dependencies: Product Catalog" on one line. */
function readField(line: string, unit: Unit): boolean {
  const m = /^\s*([A-Za-z][A-Za-z ()/-]{1,40}?)\s*:\s*(.+)$/.exec(line);
  if (!m) return false;
  const key = (m[1] as string).toLowerCase();
  const value = (m[2] as string).trim();
  if (/^(priority|moscow|importance)$/.test(key)) unit.fields.priority = value;
  else if (/\b(estimate|estimated|duration|effort|size|story points|points)\b/.test(key))
    unit.fields.estimate = value;
  else if (/^(dependencies|depends on|blocked by|requires|prerequisites?)$/.test(key))
    unit.fields.dependsOn = value;
  else return false;
  return true;
}

function allTexts(s: OutlineSection): string[] {
  const out: string[] = [];
  for (const i of s.items) out.push(i.text, ...i.children);
  for (const c of s.children) if (c.kind !== "excluded") out.push(...allTexts(c));
  return out;
}

/** Number of leaves under a unit (itself when it has no children). */
export function leafCount(u: Unit): number {
  return u.children.length ? u.children.reduce((n, c) => n + leafCount(c), 0) : 1;
}
