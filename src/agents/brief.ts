import { formatUsd } from "../planner/cost.js";
import { inlineUntrusted } from "../text/sanitize.js";
import { speaker, type TaskFacts } from "./facts.js";
import { playbookFor } from "./playbooks.js";

/** `<!-- flightdeck:brief epic=12 key=T3 -->`: the opening comment of a task's role agent. */
export function briefMarker(epic: number, key: string): string {
  return `<!-- flightdeck:brief epic=${epic} key=${key} -->`;
}

/** How the brief was written: by Claude (with its cost), or from templates (with the reason, if any). */
export type Authorship =
  | { by: "llm"; text: string; usd: number; model: string }
  | { by: "template"; reason?: string };

/**
 * The opening comment of a task's role agent: who speaks, the task in the epic's context
 * (critical path, blockers, what it unblocks, forecast), its acceptance criteria as a
 * checklist, and the role's playbook applied to the task — from the templates, or written by
 * Claude (already sanitized: see agents/llm.ts). Pure.
 */
export function renderBrief(facts: TaskFacts, authorship: Authorship): string {
  const links = (l: TaskFacts["blockedBy"]) =>
    l.length
      ? l.map((x) => (x.issue ? `#${x.issue}` : `${x.key} (${inlineUntrusted(x.title)})`)).join(", ")
      : "nothing";
  const cp = facts.criticalPath;
  const where =
    cp.position !== undefined
      ? `**on the critical path** (step ${cp.position} of ${cp.length}, ${cp.hours} h): a day late here is a day late for the epic`
      : `off the critical path (${cp.length} steps, ${cp.hours} h), so it has slack`;
  const playbook = playbookFor(facts);
  const lines = [
    briefMarker(facts.epic, facts.task.key),
    `### 🧑‍🚀 ${speaker(facts.role, facts.persona)} — opening brief`,
    "",
    `Task ${facts.task.key} of epic #${facts.epic}: ${facts.task.priority}, ${facts.task.estimateHours} h, ${where}.`,
    "",
    `- **Blocked by:** ${links(facts.blockedBy)}`,
    `- **Unblocks:** ${links(facts.unblocks)}`,
    facts.forecast
      ? `- **Forecast:** starts ${facts.forecast.start}, done ${facts.forecast.finish}${facts.assignee ? ` (${facts.assignee})` : ""} on the team's capacity`
      : "- **Forecast:** not scheduled",
    "",
    "#### Acceptance criteria",
    ...facts.task.acceptanceCriteria.map((c) => `- [ ] ${inlineUntrusted(c)}`),
    "",
    `#### ${playbook.heading}`,
    ...(authorship.by === "llm" ? [authorship.text] : playbook.lines),
    "",
    footer(authorship),
  ];
  return lines.join("\n");
}

/** The line that says who wrote it, what it cost, and that agents only advise. */
export function footer(authorship: Authorship): string {
  const how =
    authorship.by === "llm"
      ? `Written by Claude (${authorship.model}) from the plan's facts; cost ${formatUsd(authorship.usd)}.`
      : `Written from Flightdeck's ${authorship.reason ? "templates: " : "templates"}${authorship.reason ? inlineUntrusted(authorship.reason) : ""}; cost $0.`;
  return `<sub>${how} Agents advise; people decide — they never approve, run commands or close issues.</sub>`;
}
