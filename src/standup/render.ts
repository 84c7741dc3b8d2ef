import { formatUsd } from "../planner/cost.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted, sanitizeUntrusted } from "../text/sanitize.js";
import type { PreviousDigest, Risk, StandupDigest, StandupTask } from "./digest.js";

/**
 * `<!-- flightdeck:standup epic=12 day=2026-12-06 at=<ISO> risks=blocked:15,late:17 -->`: one
 * digest of epic #12 for that UTC day; `at` and `risks` tell the next digest where to start and
 * which risks are new. Read back only from comments the same identity wrote.
 */
export function standupMarker(d: Pick<StandupDigest, "epic" | "day" | "at" | "risks">): string {
  return `<!-- flightdeck:standup epic=${d.epic.number} day=${d.day} at=${d.at} risks=${d.risks.map((r) => r.id).join(",")} -->`;
}

/** Reads a standup marker. @returns undefined when the body holds none for that epic */
export function parseStandupMarker(
  body: string,
  epic: number,
): (PreviousDigest & { day: string }) | undefined {
  const m =
    /<!-- flightdeck:standup epic=(\d+) day=(\d{4}-\d{2}-\d{2}) at=(\d{4}-\d{2}-\d{2}T[\d:.]+Z) risks=([a-z]+:\d+(?:,[a-z]+:\d+)*)? -->/.exec(
      body,
    );
  if (!m || Number(m[1]) !== epic) return undefined;
  return { day: m[2] as string, at: m[3] as string, risks: m[4] ? m[4].split(",") : [] };
}

const ref = (t: StandupTask) => `#${t.number} ${inlineUntrusted(t.title)}`;
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function riskText(r: Risk): string {
  if (r.kind === "blocked")
    return `${ref(r.task)} — blocked by ${(r.blockers ?? []).map((b) => `${b.ref} ${inlineUntrusted(b.title)}`).join(", ")}`;
  if (r.kind === "late")
    return `${ref(r.task)} — on the critical path, forecast to finish ${r.forecast}, ${plural(r.daysLate ?? 0, "working day")} late`;
  return `${ref(r.task)} — on the critical path and nobody is assigned`;
}

/** A login as text: never an @-mention (the digest informs; it does not notify). */
const who = (login: string | null) => (login === null ? "Unassigned" : sanitizeUntrusted(login));

/**
 * The digest as the comment posted on the epic (or printed): the marker, the totals, the new
 * risks, then each person's done / in progress / blocked / at risk. `summary` is an optional
 * paragraph (an LLM's, within budget): it is sanitized like any untrusted text and labelled.
 */
export function standupMarkdown(d: StandupDigest, summary?: { text: string; costUsd?: number }): string {
  const t = d.totals;
  const lines = [
    standupMarker(d),
    `### 🛰️ Standup — epic #${d.epic.number} ${inlineUntrusted(d.epic.title)} · ${d.day}`,
    "",
    `Since ${when(d.since)}: **${t.done} done** · ${t.inProgress} in progress · ${t.blocked} blocked · ${t.atRisk} at risk · ${t.open} not started · ${t.closed}/${plural(t.tasks, "task")} closed in all.`,
  ];
  if (summary?.text.trim()) {
    const cost = summary.costUsd !== undefined ? `, ${formatUsd(summary.costUsd)}` : "";
    lines.push("", `> _Summary (AI, from the facts below${cost}):_ ${inlineUntrusted(summary.text)}`);
  }
  lines.push("", d.newRisks.length ? "**New risks**" : "**New risks:** none since the last digest.");
  for (const r of d.newRisks) lines.push(`- ${riskText(r)}`);
  for (const p of d.people) {
    const parts: string[] = [
      ...p.done.map((t) => `- ✅ Done: ${ref(t)}`),
      ...p.inProgress.map(
        (t) => `- 🔨 In progress: ${ref(t)}${t.pulls.length ? ` (PR ${t.pulls.join(", ")})` : ""}`,
      ),
      ...p.blocked.map((r) => `- ⛔ Blocked: ${riskText(r)}`),
      ...p.atRisk.map((r) => `- ⏰ At risk: ${riskText(r)}`),
      ...p.open.map((t) => `- ⬜ Not started: ${ref(t)}`),
    ];
    if (!parts.length) continue;
    lines.push("", `#### ${who(p.login)}`, ...parts);
  }
  if (
    !d.people.some(
      (p) => p.done.length || p.inProgress.length || p.blocked.length || p.atRisk.length || p.open.length,
    )
  )
    lines.push("", "_Nothing open and nothing done since the last digest._");
  return lines.join("\n");
}
