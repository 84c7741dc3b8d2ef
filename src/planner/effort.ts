import type { TaskDraft } from "./draft.js";
import { parseEstimate } from "./fields.js";
import type { Reading, Unit } from "./units.js";

/**
 * Estimates, in order of trust: the task's own estimate field; the document's total effort
 * (phase durations in weeks × people) spread over the tasks by size; the task's size
 * (4 h + 2 h per requirement, at most 40 h). The basis goes in the task body.
 */
export function estimate(
  drafts: TaskDraft[],
  units: Array<Unit | undefined>,
  reading: Reading,
  notes: string[],
): void {
  let sized = 0;
  const size = (d: TaskDraft) => Math.max(1, d.details.length);
  const total = documentEffortHours(reading);
  const totalSize = drafts.reduce((s, d) => s + size(d), 0);
  drafts.forEach((d, i) => {
    const field = units[i]?.fields.estimate;
    const given = field ? (tshirt(field) ?? parseEstimate(field)) : undefined;
    if (given !== undefined) {
      d.estimateHours = Math.min(400, given);
      d.context?.push(`Estimate: ${field} (stated in the document).`);
      return;
    }
    if (total) {
      d.estimateHours = Math.min(400, Math.max(1, Math.round((total.hours * size(d)) / totalSize)));
      d.context?.push(
        `Estimate: share of ${total.basis}, by its ${size(d)} requirement${size(d) === 1 ? "" : "s"}.`,
      );
      return;
    }
    d.estimateHours = Math.min(40, 4 + 2 * size(d));
    d.context?.push(`Estimate: from its ${size(d)} requirement${size(d) === 1 ? "" : "s"}.`);
    sized++;
  });
  if (total) notes.push(`Estimates spread ${total.basis} over the tasks by their number of requirements.`);
  else if (sized)
    notes.push(
      `${sized === 1 ? "1 task estimate comes" : `${sized} task estimates come`} from the task's size (4 h + 2 h per requirement, at most 40 h); the document gives none.`,
    );
}

/** "Phase 1 (Weeks 1-3)" … "Phase 3 (Weeks 7-8)" → 8 weeks; "team of 7" / "3 engineers" → people. */
function documentEffortHours(reading: Reading): { hours: number; basis: string } | undefined {
  let weeks = 0;
  let from = "the timeline's";
  for (const p of reading.phases) {
    const m = /\b(weeks?|months?)\s*(\d+)(?:\s*[-–]\s*(\d+))?/i.exec(p.title);
    if (!m) continue;
    const end = Number(m[3] ?? m[2]);
    weeks = Math.max(weeks, /month/i.test(m[1] as string) ? end * 4.33 : end);
  }
  // "The team of 3 engineers has 6 weeks", "a 2-month project for two developers".
  let people = 0;
  for (const text of reading.prose) {
    const span = DURATION.exec(text);
    const team = TEAM.exec(text) ?? TEAM_AFTER.exec(text);
    if (span && !weeks) {
      weeks = Number(span[1]) * (/month/i.test(span[2] as string) ? 4.33 : 1);
      from = "the document's";
    }
    if (team && !people) people = count(team[1] as string);
    if (weeks && people) break;
  }
  if (!weeks) return undefined;
  const crew = Math.min(50, Math.max(1, people));
  return {
    hours: Math.round(weeks * 40 * crew),
    basis: `${from} ${Math.round(weeks)} weeks × ${crew === 1 ? "one person full-time" : `${crew} people`}`,
  };
}

const DURATION = /\b(\d{1,2})[- ](weeks?|months?)\b/i;
const TEAM = /\bteam of (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b/i;
const TEAM_AFTER =
  /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) (?:full-time )?(?:engineers?|developers?|devs|people|persons|programmers)\b/i;

function count(word: string): number {
  const n = Number(word);
  if (Number.isFinite(n)) return n;
  return (
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"].indexOf(
      word.toLowerCase(),
    ) + 1
  );
}

function tshirt(text: string): number | undefined {
  const m = /^\s*(xs|s|m|l|xl|xxl)\s*$/i.exec(text);
  if (!m) return undefined;
  return { xs: 2, s: 4, m: 8, l: 16, xl: 32, xxl: 64 }[(m[1] as string).toLowerCase() as "s"];
}
