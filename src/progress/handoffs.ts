import type { EpicProgress, TaskState } from "./epic-state.js";
import type { BlockerRead, EpicRead, TaskRead } from "./read-model.js";

/** A comment to post on a task: it was unblocked, or one of its blockers was reopened. */
export interface Handoff {
  kind: "unblocked" | "reblocked";
  /** The task's GraphQL node id (the comment's subject) and number. */
  taskId: string;
  task: number;
  /** Hidden marker naming the event: the comment is posted once per marker. */
  marker: string;
  body: string;
}

/** How far back a transition is still announced (older ones were before Flightdeck looked). */
export const HANDOFF_WINDOW_MS = 3 * 24 * 3600 * 1000;

// GitHub logins: what an assignee on record can look like (no `@`, no spaces, no markup).
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * The handoffs GitHub's state asks for, derived from state rather than from one event so that
 * coalesced, redelivered or out-of-order events converge on the same comments. Pure.
 * - An open task with no open blocker whose last blocker was closed (or whose last open blocker's
 *   link was removed) within `windowMs` gets one "unblocked" comment for that moment;
 * - an open task whose blocker was reopened within `windowMs` gets one "blocked again" comment.
 * Comments already posted (their marker is among the task's comments by this App) are skipped.
 * Every number and link is Flightdeck's own fact; the only @-mentions are the task's assignees
 * on record; titles are never quoted.
 */
export function deriveHandoffs(
  read: EpicRead,
  progress: EpicProgress,
  now: Date,
  windowMs = HANDOFF_WINDOW_MS,
): Handoff[] {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const byNumber = new Map(progress.tasks.map((t) => [t.number, t]));
  const out: Handoff[] = [];
  for (const t of read.tasks) {
    const state = byNumber.get(t.number);
    if (t.state !== "OPEN" || !state) continue;
    const found = t.blockers.some((b) => b.state === "OPEN") ? reblocks(t, since) : unblock(t, since);
    for (const { kind, marker, text } of found) {
      if (t.ownComments.some((c) => c.includes(marker))) continue;
      const body = `${marker}\n${text}\n\n${nextStep(kind, state, read.epic.number)}`;
      out.push({ kind, taskId: t.id, task: t.number, marker, body });
    }
  }
  return out;
}

type Found = { kind: Handoff["kind"]; marker: string; text: string };

function unblock(t: TaskRead, since: string): Found[] {
  const ids = new Set(t.blockers.map((b) => b.id));
  const linkedAt = (id: string) =>
    t.edgeEvents.filter((e) => e.kind === "added" && e.blockerId === id).at(-1)?.at;
  const moments: Array<{ at: string; text: string }> = [];
  for (const b of t.blockers) {
    const linked = linkedAt(b.id);
    // Linked after it closed: the task was never blocked by it.
    if (!b.closedAt || (linked && linked > b.closedAt)) continue;
    moments.push({ at: b.closedAt, text: `${ref(b)} closed${closedHow(b)} — #${t.number} is unblocked.` });
  }
  for (const e of t.edgeEvents) {
    // A link to a still-open issue removed (and not linked again): that removal unblocked it.
    if (e.kind !== "removed" || !e.blockerOpen || ids.has(e.blockerId) || !e.blockerRef) continue;
    moments.push({
      at: e.at,
      text: `${e.blockerRef} no longer blocks #${t.number} (the dependency was removed) — #${t.number} is unblocked.`,
    });
  }
  const last = moments.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  if (!last || last.at < since) return [];
  return [
    {
      kind: "unblocked",
      marker: `<!-- flightdeck:handoff task=${t.number} at=${last.at} -->`,
      text: `🔓 ${last.text}`,
    },
  ];
}

function reblocks(t: TaskRead, since: string): Found[] {
  const open = t.blockers.filter((b) => b.state === "OPEN");
  return open.flatMap((b): Found[] => {
    if (!b.reopenedAt || b.reopenedAt < since) return [];
    const linked = t.edgeEvents.filter((e) => e.kind === "added" && e.blockerId === b.id).at(-1)?.at;
    if (linked && linked > b.reopenedAt) return []; // linked after the reopen: nothing changed for the task
    const all = open.map(ref).join(", ");
    return [
      {
        kind: "reblocked",
        marker: `<!-- flightdeck:reblocked task=${t.number} blocker=${b.number} at=${b.reopenedAt} -->`,
        text: `⛔ ${ref(b)} was reopened — #${t.number} is blocked again (open blockers: ${all}).`,
      },
    ];
  });
}

function nextStep(kind: Handoff["kind"], task: TaskState, epic: number): string {
  const who = task.assignees.filter((l) => LOGIN.test(l)).map((l) => `@${l}`);
  const facts = `${task.estimateHours} h${task.roleKnown ? `, ${task.role}` : ""}`;
  const tail = `Part of epic #${epic}; its Mission Control section shows what is left.`;
  if (kind === "reblocked") {
    return `${who.length ? `${who.join(" ")}: hold` : "Hold"} #${task.number} until its blockers are closed again. ${tail}`;
  }
  return who.length
    ? `${who.join(" ")}: #${task.number} is yours and ready to start (${facts}). ${tail}`
    : `#${task.number} is ready to start (${facts}) and no one is assigned yet: assign it to hand it over. ${tail}`;
}

function ref(b: BlockerRead): string {
  return b.sameRepository ? `#${b.number}` : `${b.repository}#${b.number}`;
}

function closedHow(b: BlockerRead): string {
  return `${b.closedBy ? ` by ${b.closedBy}` : ""}${b.closedAsNotPlanned ? " as not planned" : ""}`;
}
