import type { TaskDraft } from "./draft.js";

const STOP = new Set(
  "the and for with from into that this then than when will shall must should can are was were has have had not all any each per via its their our your a an of to in on at by or as is be it we us user users system support".split(
    " ",
  ),
);

/** Content words of a text (lower case, 3+ letters, no stop words, plural "s" dropped). */
export function tokens(text: string): Set<string> {
  return new Set(tokenList(text));
}

/** Content words of a text in order (see `tokens`), repeats kept: for phrase matching. */
export function tokenList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || STOP.has(raw)) continue;
    out.push(raw.length > 4 && raw.endsWith("s") && !raw.endsWith("ss") ? raw.slice(0, -1) : raw);
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

/** Whether drafts[a] depends on drafts[b], directly or through other tasks. */
export function dependsOn(drafts: TaskDraft[], a: number, b: number): boolean {
  const x = drafts[a]?.key;
  const y = drafts[b]?.key;
  return Boolean(x && y && x !== y && dependsTransitively(drafts, x, y));
}

/**
 * Makes drafts[to] depend on drafts[from] unless that is a self-edge, a duplicate or a cycle
 * (an edge against what is already there is never added). `origin` says where it came from
 * ("stated in the text", "kind of work: tests after what they test"), for the task body.
 */
export function addEdgeSafely(
  drafts: TaskDraft[],
  from: number,
  to: number,
  origin = "stated in the text",
): boolean {
  const a = drafts[from];
  const b = drafts[to];
  if (!a?.key || !b?.key || a === b || b.dependsOn.includes(a.key) || b.dependsOn.length >= 50) return false;
  if (dependsTransitively(drafts, a.key, b.key)) return false;
  b.dependsOn.push(a.key);
  b.origins = { ...b.origins, [a.key]: origin };
  return true;
}
