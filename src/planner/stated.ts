import type { TaskDraft } from "./draft.js";
import { addEdgeSafely, matchUnit, tokens } from "./links.js";
import type { Reading, Unit } from "./units.js";

// Prose forms of a dependency, read in dependency sections: "A depends on B", "B before A",
// "Once B is done, A". `to` is the dependent side.
const AFTER =
  /^(.+?)\s+(?:depends on|depend on|requires|require|needs|is blocked by|are blocked by|blocked by|builds on|build on|comes after|come after|must follow|follows|can start after|starts after|waits for|after)\s+(.+)$/i;
const BEFORE =
  /^(.+?)\s+(?:must (?:be (?:done|completed|finished) )?before|comes before|come before|before|blocks|unblocks|enables|is a prerequisite (?:for|of)|are prerequisites (?:for|of)|precedes|must precede)\s+(.+)$/i;
const ONCE =
  /^(?:after|once|when)\s+(.+?)(?:\s+(?:is|are)\s+(?:done|complete|completed|ready|in place|finished))?,\s*(.+)$/i;

/** "Dependencies: Product Catalog" fields and "X (Depends on: Y)" / "A → B" lines. */
export function statedEdges(units: Array<Unit | undefined>, drafts: TaskDraft[], reading: Reading): number {
  const index = drafts.map((d) => tokens(d.title));
  let added = 0;
  const find = (name: string) => matchUnit(tokens(name), index, 1, true);
  units.forEach((u, i) => {
    const dep = u?.fields.dependsOn;
    if (!dep || /^(none|n\/a|-|no)\b/i.test(dep)) return;
    const targets = /\ball\b/i.test(dep)
      ? drafts.map((_, j) => j).filter((j) => j !== i && j < units.length && units[j])
      : dep.split(/,|;|\band\b/).map(find);
    for (const j of targets) if (j >= 0 && addEdgeSafely(drafts, j, i)) added++;
  });
  for (const line of reading.edgeLines) {
    const m = /^\s*(.+?)\s*\((?:depends on|requires|after)\s*:?\s*(.+?)\)/i.exec(line);
    if (m) {
      const to = find(m[1] as string);
      const deps = /\ball\b/i.test(m[2] as string)
        ? drafts.map((_, j) => j).filter((j) => j !== to && units[j])
        : (m[2] as string).split(/,|;|\band\b/).map(find);
      for (const from of deps) if (to >= 0 && from >= 0 && addEdgeSafely(drafts, from, to)) added++;
      continue;
    }
    const parts = line.split(/\s*(?:→|->|⟶|=>)\s*/).filter((p) => p.trim());
    if (parts.length < 2) {
      added += proseEdges(line, drafts, find);
      continue;
    }
    for (let k = 0; k + 1 < parts.length; k++) {
      const from = find(parts[k] as string);
      const to = find(parts[k + 1] as string);
      if (from >= 0 && to >= 0 && addEdgeSafely(drafts, from, to)) added++;
    }
  }
  return added;
}

/**
 * "Checkout requires the cart and payments", "Payments before checkout", "Once the catalogue is
 * done, search": each side is matched to a task by its words (at least half of them).
 */
function proseEdges(line: string, drafts: TaskDraft[], find: (name: string) => number): number {
  let added = 0;
  for (const sentence of line.split(/(?<=[.;!?])\s+/)) {
    const text = sentence.replace(/^[\s*-]+|[.;!?\s]+$/g, "");
    let pair: [string, string] | undefined; // [before, after]
    const once = ONCE.exec(text);
    const after = AFTER.exec(text);
    const before = BEFORE.exec(text);
    if (once) pair = [once[1] as string, once[2] as string];
    else if (after) pair = [after[2] as string, after[1] as string];
    else if (before) pair = [before[1] as string, before[2] as string];
    if (!pair) continue;
    const to = find(pair[1]);
    for (const part of pair[0].split(/,|;|\band\b|\bas well as\b/)) {
      const from = find(part);
      if (to >= 0 && from >= 0 && addEdgeSafely(drafts, from, to)) added++;
    }
  }
  return added;
}

/** Steps in order (versions, phases, numbered stories, a numbered work plan): each after the one before. */
export function sequenceEdges(units: Array<Unit | undefined>, drafts: TaskDraft[]): number {
  let added = 0;
  const last = new Map<Unit, number>();
  units.forEach((u, i) => {
    const group = u?.step;
    if (!group) return;
    const before = last.get(group);
    if (before !== undefined && addEdgeSafely(drafts, before, i, "stated order of the steps")) added++;
    last.set(group, i);
  });
  return added;
}

/** Timeline phases: a task whose words best match phase N waits for the tasks of phase N-1. */
export function phaseEdges(units: Array<Unit | undefined>, drafts: TaskDraft[], reading: Reading): number {
  if (reading.phases.length < 2) return 0;
  const phaseIndex = reading.phases.map((p) => p.texts.map((t) => tokens(t)));
  const phaseOf = units.map((u) => {
    if (!u) return -1;
    const mine = tokens(`${u.title} ${u.criteria.slice(0, 6).join(" ")}`);
    let best = -1;
    let bestScore = 0;
    phaseIndex.forEach((texts, p) => {
      for (const t of texts) {
        let s = 0;
        for (const w of t) if (mine.has(w)) s++;
        const score = s / Math.max(1, t.size);
        if (s >= 1 && score > bestScore) {
          bestScore = score;
          best = p;
        }
      }
    });
    return bestScore >= 0.5 ? best : -1;
  });
  let added = 0;
  phaseOf.forEach((p, i) => {
    if (p <= 0) return;
    let q = p - 1;
    while (q >= 0 && !phaseOf.includes(q)) q--;
    if (q < 0) return;
    phaseOf.forEach((pj, j) => {
      if (pj === q && addEdgeSafely(drafts, j, i, "phases of the timeline")) added++;
    });
  });
  return added;
}
