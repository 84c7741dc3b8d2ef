import type { TaskDraft } from "./draft.js";
import { findTaskRefs, LEADING_ID, normalize, normalizeTaskId } from "./fields.js";
import { addEdgeSafely } from "./links.js";
import type { EpicDocument } from "./markdown.js";
import { parseMermaid } from "./mermaid.js";

// Dependencies of an explicit task list: mermaid edges, text graphs and phrases, the order of
// version/phase headings, and (as a last resort) id series.

const STEP_HEADING =
  /^(\W*)(\d+[.)]?\s*)?(phase|stage|step|milestone|version|v\d|release|sprint|week|iteration|increment)\b/i;

/**
 * Task lists under headings that are steps in order ("## v1.1", "## v1.2"; "Phase 1", "Phase 2"):
 * the work of each step waits for the work of the step before (the document's own order).
 */
export function addStepEdges(drafts: TaskDraft[], sectionOf: Map<TaskDraft, string>): void {
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
export function inferSeriesEdges(drafts: TaskDraft[], notes: string[]): void {
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

export function addMermaidEdges(doc: EpicDocument, drafts: TaskDraft[], notes: string[]): void {
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
export function addTextEdges(doc: EpicDocument, drafts: TaskDraft[]): void {
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
