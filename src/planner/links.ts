import type { TaskDraft } from "./draft.js";

const STOP = new Set(
  "the and for with from into that this then than when will shall must should can are was were has have had not all any each per via its their our your a an of to in on at by or as is be it we us user users system support".split(
    " ",
  ),
);

/** Content words of a text (lower case, 3+ letters, no stop words, plural "s" dropped). */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || STOP.has(raw)) continue;
    out.add(raw.length > 4 && raw.endsWith("s") && !raw.endsWith("ss") ? raw.slice(0, -1) : raw);
  }
  return out;
}

/**
 * The index of the entry sharing the most words with `query` (at least `min`; with `strict`, also
 * at least half of the query's words), or -1.
 */
export function matchUnit(
  query: Set<string>,
  index: Array<Set<string>>,
  min: number,
  strict = false,
): number {
  let best = -1;
  let bestScore = 0;
  index.forEach((words, i) => {
    let n = 0;
    for (const w of query) if (words.has(w)) n++;
    if (n < min || (strict && n * 2 < query.size)) return;
    const score = n / Math.sqrt(words.size + 1);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/** Whether `from` is reachable from `to` through dependencies (adding to → from would close a cycle). */
function dependsTransitively(drafts: TaskDraft[], start: string, target: string): boolean {
  const byKey = new Map(drafts.map((d) => [d.key as string, d]));
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const k = stack.pop() as string;
    if (k === target) return true;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const d of byKey.get(k)?.dependsOn ?? []) stack.push(d);
  }
  return false;
}

/** Makes drafts[to] depend on drafts[from] unless that is a self-edge, a duplicate or a cycle. */
export function addEdgeSafely(drafts: TaskDraft[], from: number, to: number): boolean {
  const a = drafts[from];
  const b = drafts[to];
  if (!a?.key || !b?.key || a === b || b.dependsOn.includes(a.key) || b.dependsOn.length >= 50) return false;
  if (dependsTransitively(drafts, a.key, b.key)) return false;
  b.dependsOn.push(a.key);
  return true;
}

export type WorkKind = "design" | "foundation" | "build" | "test" | "docs" | "release";

/** The kind of work a task title names, for ordering when the text is silent. */
export function kindOfWork(title: string): WorkKind {
  const t = title.toLowerCase();
  if (
    /\b(deploy(ment)?|launch|release|rollout|roll out|go-live|production|handoff|hand-off)\b/.test(t) &&
    !/\b(pipeline|ci)\b/.test(t)
  )
    return "release";
  if (
    /\b(tests?|testing|verification|verify|validation|validate|qa|e2e|end-to-end|smoke|regression|beta)\b/.test(
      t,
    ) &&
    !/\bvalidation (helpers?|utilit)/.test(t)
  )
    return "test";
  if (/\b(documentation|docs?|guide|readme|tutorial|handbook)\b/.test(t)) return "docs";
  if (/\b(design|architecture|ux|wireframes?|specification|proposal|rfc)\b/.test(t)) return "design";
  if (
    /\b(setup|set up|scaffold(ing)?|foundation|infrastructure|structure|skeleton|core|base|bootstrap|configuration|config)\b/.test(
      t,
    )
  )
    return "foundation";
  return "build";
}

/**
 * Dependencies from the kind of work where the text is silent: build work after a leading design
 * or foundation task, tests after the build work listed before them (or all of it), release last.
 * Nothing is made to depend on documentation.
 *
 * @returns the number of edges added
 */
export function linkByKind(drafts: TaskDraft[]): number {
  const kinds = drafts.map((d) => kindOfWork(d.title));
  let added = 0;
  const first = kinds[0];
  if ((first === "design" || first === "foundation") && drafts.length > 2) {
    kinds.forEach((k, i) => {
      if (
        i > 0 &&
        (k === "build" || k === "foundation") &&
        drafts[i]?.dependsOn.length === 0 &&
        addEdgeSafely(drafts, 0, i)
      )
        added++;
    });
  }
  const build = kinds
    .map((k, i) => (k === "build" || k === "foundation" || k === "design" ? i : -1))
    .filter((i) => i >= 0);
  kinds.forEach((k, i) => {
    if (k !== "test") return;
    const before = build.filter((j) => j < i);
    for (const j of before.length ? before : build) if (addEdgeSafely(drafts, j, i)) added++;
  });
  const tests = kinds.map((k, i) => (k === "test" ? i : -1)).filter((i) => i >= 0);
  kinds.forEach((k, i) => {
    if (k !== "release") return;
    for (const j of tests.length ? tests : build) if (j !== i && addEdgeSafely(drafts, j, i)) added++;
  });
  return added;
}
