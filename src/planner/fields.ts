import type { Priority } from "./schema.js";

/**
 * Parses an effort estimate written by a person: "2 hours", "3h", "1.5 days", "2d", "1 week",
 * "30 min". A day is 8 hours and a week 5 days (one person's working time).
 * @returns hours, or undefined when the text holds no estimate
 */
export function parseEstimate(text: string): number | undefined {
  const m =
    /(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|d|days?|w|wks?|weeks?|m|mins?|minutes?|pts?|points?|sp)\b/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] as string).toLowerCase();
  if (unit.startsWith("h")) return n;
  if (unit.startsWith("d")) return n * 8;
  if (unit.startsWith("w")) return n * 40;
  if (unit.startsWith("m")) return Math.max(0.25, n / 60);
  // Story points: without a team velocity, one point is taken as half a day.
  return n * 4;
}

/** Reads an explicit priority: "P0", "p1", "priority: high", "critical", "nice to have". */
export function parsePriority(text: string): Priority | undefined {
  const t = text.toLowerCase();
  const m = /\bp([0-3])\b/.exec(t);
  if (m) return (["P0", "P1", "P2", "P2"] as const)[Number(m[1])];
  if (/\b(critical|blocker|urgent|must[- ]have|highest)\b/.test(t)) return "P0";
  if (/\bpriority\s*:\s*high\b/.test(t) || /\bshould[- ]have\b/.test(t)) return "P1";
  if (/\bpriority\s*:\s*medium\b/.test(t)) return "P1";
  if (/\bpriority\s*:\s*low\b/.test(t) || /\b(nice[- ]to[- ]have|could[- ]have)\b/.test(t)) return "P2";
  return undefined;
}

/** A "Key: value" line inside a task ("Estimate: 2 hours", "**Agent:** backend"). */
export function keyValue(line: string): { key: string; value: string } | undefined {
  const m = /^\s*([A-Za-z][A-Za-z /-]{1,30}?)\s*:\s*(.+)$/.exec(line);
  if (!m) return undefined;
  return { key: (m[1] as string).toLowerCase().trim(), value: (m[2] as string).trim() };
}

/** Task identifiers as people write them: "Task 3" → T3, "T3" → T3, "M6-T001" stays. */
export function normalizeTaskId(raw: string): string | undefined {
  const t = raw.trim();
  let m = /^task\s*#?\s*(\d+)$/i.exec(t);
  if (m) return `T${Number(m[1])}`;
  m = /^([A-Za-z]\d*-)?T-?(\d+)$/i.exec(t);
  if (m) return `${m[1] ? (m[1] as string).toUpperCase() : ""}T${m[1] ? m[2] : Number(m[2])}`;
  return undefined;
}

/** Finds every task reference in free text ("depends on Task 2 and T5", "after M6-T001"). */
export function findTaskRefs(text: string): string[] {
  const refs: string[] = [];
  const re = /\b(task\s*#?\s*\d+|[A-Za-z]\d*-T\d+|T-?\d+)\b/gi;
  for (const m of text.matchAll(re)) {
    const id = normalizeTaskId(m[1] as string);
    if (id) refs.push(id);
  }
  return refs;
}

/** Finds the epic's target date ("**Target:** 2025-01-17", "Due: 2025-03-01"), as a UTC date. */
export function findTargetDate(markdown: string): Date | undefined {
  const m =
    /\b(?:target(?: date)?|due(?: date)?|deadline|launch date)\b\**\s*:\**\s*(\d{4}-\d{2}-\d{2})\b/i.exec(
      markdown,
    );
  if (!m) return undefined;
  const d = new Date(`${m[1]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A task id at the start of an item: "Task 3:", "T3.", "M6-T001 —". */
export const LEADING_ID = /^\s*(task\s*#?\s*\d+|[A-Za-z]\d*-T\d+|T-?\d+)\s*[:.)\]\-–—]\s*/i;

/** Lower case, runs of anything but letters and digits as one space: for comparing titles. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
