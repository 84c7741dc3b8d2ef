/**
 * What a section of a product document holds, read from its heading the way a reader would:
 * - `work`: deliverables (features, requirements, deliverables, work plan, checklist, versions…);
 * - `stories`: user stories / scenarios (needs that motivate the work);
 * - `criteria`: acceptance or success criteria, metrics, verification;
 * - `edges`: dependency statements (a dependency chain, a critical path);
 * - `schedule`: a timeline of phases, used for order and effort, and as work only when the
 *   document has nothing else;
 * - `excluded`: non-goals, out of scope, later phases, alternatives, risks, completed work;
 * - `context`: everything else (overview, background, glossary, design notes…).
 */
export type SectionKind = "work" | "stories" | "criteria" | "edges" | "schedule" | "excluded" | "context";

// Order matters: exclusion wins over everything ("Out of Scope (Future Phases)", "Version 0.1.0
// (Completed)"), criteria over work ("Acceptance Criteria" of a story), and so on.
const EXCLUDED: Array<[RegExp, string]> = [
  [
    /\b(non[- ]?goals?|out[- ]of[- ]scope|not in scope|won'?t (have|do)|excluded|exclusions?)\b/i,
    "out of scope",
  ],
  [/\b(completed|done|shipped|released|delivered|finished|implemented)\b|✅|✔/iu, "already completed"],
  [
    /\b(future|later|deferred|post[- ]?(mvp|launch|v?\d[\w.]*)|next (phase|version|release)|parking lot|backlog ideas|someday|phase [2-9]\+)\b/i,
    "later phase",
  ],
  [/\b(alternatives?( considered)?|rejected|considered options)\b/i, "rejected alternative"],
  [/\b(risks?|mitigations?|threats?)\b/i, "risk"],
  [
    /\b(open questions|revision history|change ?log|help wanted|related (tickets|issues|work|documents)|key entities|target (users|audience)|architecture decisions|team (members|structure|composition))\b/i,
    "context",
  ],
  [
    /^(\W*\d+[.)]?\s*)?(executive |project |product |technical )?(epic goal|goal of th(e|is) epic|purpose|vision statement|glossary|references?|appendix|questions|assumptions|constraints|history|staffing|labels|meetings|personas?|audience|stakeholders|background|motivation|problem|introduction|overview|summary|clarifications|existing|resources?|budget|sponsors?|liaison|leads?|notes|context)\b/i,
    "context",
  ],
];
const CRITERIA =
  /\b(acceptance|success (criteria|metrics)|metrics|kpis?|definition of done|criteria|integration verification|verification|measurable outcomes|quality gates|benchmarks?|independent test|acceptance scenarios)\b/i;
const EDGES = /\b(dependenc(y|ies)|critical path|depends|sequencing|order of (work|delivery))\b/i;
const STORIES = /\b(user (stories|story|scenarios|journeys?)|stories|use cases?|journeys?)\b/i;
const SCHEDULE =
  /\b(timeline|schedule|phases?|sprints?|weeks?|months?|implementation (strategy|approach)|rollout plan|estimated effort|effort)\b/i;
const WORK =
  /\b(what we (will )?(build|deliver|ship)|we will (build|deliver|ship)|in scope|scope of work|features?|requirements?|functional|capabilit(y|ies)|deliverables?|work ?plan|plan|tasks?|checklist|to-?dos?|implementation|components|milestones?|roadmap|versions?|v\d+(\.\d+)*|releases?|epics?|work items?|story|steps?|modules?|endpoints?|screens?|stages?|workstreams?|layers?|changes)\b/i;

/**
 * Classifies a section from its title, inheriting its parent's kind when the title says nothing
 * ("### 1. Product Catalog" under "## Key Features" is work). A sub-section can narrow its
 * parent's kind (criteria under a story) but never escape an excluded parent.
 */
export function sectionKind(title: string, parent: SectionKind | undefined): SectionKind {
  if (parent === "excluded") return "excluded";
  if (!title) return parent ?? "context";
  if (/\bdefinition of done\b/i.test(title)) return "criteria";
  for (const [re, reason] of EXCLUDED) {
    if (!re.test(title)) continue;
    // A context heading inside work ("Overview" of a feature) stays context; a risk is excluded.
    return reason === "context" ? "context" : "excluded";
  }
  if (CRITERIA.test(title) && !STORIES.test(title)) return "criteria";
  if (EDGES.test(title)) return "edges";
  if (STORIES.test(title) && !/\b(story\s*[\d.]+)/i.test(title)) return "stories";
  if (SCHEDULE.test(title) && !/\b(versions?|v\d|releases?|milestones?)\b/i.test(title)) {
    return parent === "work" || parent === "stories" ? parent : "schedule";
  }
  if (WORK.test(title)) return parent === "stories" ? "stories" : "work";
  if (parent === "work" || parent === "stories" || parent === "schedule" || parent === "criteria")
    return parent;
  return "context";
}

/** Why an excluded section is excluded ("out of scope", "later phase"…), for the plan notes. */
export function exclusionReason(title: string): string | undefined {
  for (const [re, reason] of EXCLUDED) if (re.test(title) && reason !== "context") return reason;
  return undefined;
}

/** Item labels that describe a feature rather than being work ("**Goal:**", "**Benefit:**"). */
export const DESCRIPTIVE_LABEL =
  /^(goals?|overall goal|core achievement|description|benefits?|notes?|implementation notes|rationale|status|owner|context|why|problem|summary|overview|example)$/i;

/** Items that are themselves completed, out of scope or deferred. */
export function itemExcluded(text: string, checked: boolean | null): string | undefined {
  if (checked === true) return "already completed";
  if (/^\s*(✅|✔|☑)/u.test(text) || /\((completed|done|shipped)\)/i.test(text)) return "already completed";
  if (
    /\b(deferred|out of scope|not in (scope|mvp)|post[- ]mvp|future phase|phase [2-9]\+?)\)?\s*$/i.test(text)
  )
    return "later phase";
  return undefined;
}
