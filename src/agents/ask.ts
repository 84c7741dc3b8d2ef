import { formatUsd } from "../planner/cost.js";
import { ROLES, type Role } from "../planner/schema.js";
import { inlineUntrusted, sanitizeUntrusted } from "../text/sanitize.js";
import { speaker, type TaskFacts } from "./facts.js";

/**
 * `/flightdeck ask <role> <question>`: parsing, the rate limits, and the answer's Markdown. Pure;
 * the job (src/jobs/agents-job.ts) reads the thread and calls Claude.
 */

/**
 * The limits on answers, counted from this App's own answer comments (their hidden marker names
 * the asker and the time), so every instance agrees without shared state: per thread and per
 * user in a thread over a sliding hour. LLM answers are also capped per user per day across the
 * repository, counted from the month's ledger.
 */
export const ASK_LIMITS = { perThreadPerHour: 10, perUserPerThreadPerHour: 3, llmPerUserPerDay: 20 } as const;

/** `<!-- flightdeck:answer asker=alice at=2026-12-06T10:00:00.000Z -->` on each answer. */
export function answerMarker(asker: string, at: Date): string {
  return `<!-- flightdeck:answer asker=${asker.toLowerCase()} at=${at.toISOString()} -->`;
}

/** `<!-- flightdeck:ask-limit at=… -->` on the one notice per hour that the limit is reached. */
export function limitMarker(at: Date): string {
  return `<!-- flightdeck:ask-limit at=${at.toISOString()} -->`;
}

/** Reads answer markers (and limit notices) from bodies this App wrote. */
export function answersIn(bodies: readonly string[]): {
  answers: Array<{ asker: string; at: Date }>;
  notices: Date[];
} {
  const answers: Array<{ asker: string; at: Date }> = [];
  const notices: Date[] = [];
  for (const body of bodies) {
    const a = /<!-- flightdeck:answer asker=([a-z0-9-]{1,39}) at=([0-9T:.Z-]{20,30}) -->/.exec(body);
    if (a) answers.push({ asker: a[1] as string, at: new Date(a[2] as string) });
    const n = /<!-- flightdeck:ask-limit at=([0-9T:.Z-]{20,30}) -->/.exec(body);
    if (n) notices.push(new Date(n[1] as string));
  }
  return { answers, notices };
}

/** Why `asker` may not get an answer now, or undefined when they may. */
export function askRateLimit(
  answers: ReadonlyArray<{ asker: string; at: Date }>,
  asker: string,
  now: Date,
): string | undefined {
  const hourAgo = now.getTime() - 3_600_000;
  const recent = answers.filter((a) => a.at.getTime() > hourAgo && a.at.getTime() <= now.getTime());
  if (recent.length >= ASK_LIMITS.perThreadPerHour)
    return `this thread had ${ASK_LIMITS.perThreadPerHour} agent answers in the last hour (the limit per thread)`;
  if (recent.filter((a) => a.asker === asker.toLowerCase()).length >= ASK_LIMITS.perUserPerThreadPerHour)
    return `you had ${ASK_LIMITS.perUserPerThreadPerHour} agent answers in this thread in the last hour (the limit per person and thread)`;
  return undefined;
}

/** Parses `<role> <question>`. @returns the role and question, or the usage message */
export function parseAsk(
  args: string,
): { ok: true; role: Role; question: string } | { ok: false; error: string } {
  const m = /^\s*([a-z-]+)\s+([\s\S]+)$/i.exec(args);
  const role = m?.[1]?.toLowerCase().replace(/^techlead$|^tech_lead$/, "tech-lead");
  const usage = `Usage: \`/flightdeck ask <role> <question>\`, where the role is one of ${ROLES.map((r) => `\`${r}\``).join(", ")} — e.g. \`/flightdeck ask qa what should the test plan cover?\``;
  if (!m || !role) return { ok: false, error: usage };
  if (!(ROLES as readonly string[]).includes(role))
    return { ok: false, error: `"${inlineUntrusted(role)}" is not a role. ${usage}` };
  const question = (m[2] as string).trim().slice(0, 2000);
  return { ok: true, role: role as Role, question };
}

/** The deterministic facts of a thread: what an answer without an LLM can say. */
export interface ThreadFacts {
  kind: "issue" | "pull request";
  number: number;
  state: string;
  labels: string[];
  assignees: string[];
  task?: TaskFacts;
  /** For an epic: its plan in brief (tasks with their keys, roles, estimates and dependencies). */
  epicPlan?: {
    tasks: Array<{
      key: string;
      title: string;
      role: string;
      priority: string;
      estimateHours: number;
      dependsOn: string[];
    }>;
    /** Sub-issues created so far. */
    created: number;
    criticalPath: string[];
    criticalPathHours: number;
    forecast: string;
  };
  /** For pull requests: changed files and their line counts. */
  diff?: { files: number; additions: number; deletions: number; paths: string[] };
  /** For pull requests: the Flightdeck Go/No-Go check run on the head, from this App only. */
  gate?: { conclusion: string | null; title: string | null };
}

/** The facts as Markdown lines (status, blockers, evidence). */
export function factLines(facts: ThreadFacts): string[] {
  const lines = [
    `- **Status:** ${facts.kind} ${facts.state}${facts.assignees.length ? `, assigned to ${facts.assignees.map(inlineUntrusted).join(", ")}` : ", unassigned"}${facts.labels.length ? `; labels ${facts.labels.map((l) => `\`${inlineUntrusted(l)}\``).join(", ")}` : ""}`,
  ];
  const t = facts.task;
  if (t) {
    const link = (l: TaskFacts["blockedBy"]) =>
      l.map((x) => (x.issue ? `#${x.issue}` : x.key)).join(", ") || "nothing";
    lines.push(
      `- **Plan:** task ${t.task.key} of epic #${t.epic} (${t.role}, ${t.task.priority}, ${t.task.estimateHours} h${t.criticalPath.position ? ", on the critical path" : ""})`,
      `- **Blocked by:** ${link(t.blockedBy)} · **Unblocks:** ${link(t.unblocks)}`,
    );
    if (t.forecast) lines.push(`- **Forecast:** ${t.forecast.start} → ${t.forecast.finish}`);
  }
  const e = facts.epicPlan;
  if (e) {
    const hours = e.tasks.reduce((a, t) => a + t.estimateHours, 0);
    lines.push(
      `- **Plan:** ${e.tasks.length} tasks (${hours} h), ${e.created} sub-issues created; critical path ${e.criticalPath.join(" → ")} (${e.criticalPathHours} h); forecast ${e.forecast}`,
    );
  }
  if (facts.diff)
    lines.push(`- **Diff:** ${facts.diff.files} files, +${facts.diff.additions} −${facts.diff.deletions}`);
  if (facts.kind === "pull request")
    lines.push(
      facts.gate
        ? `- **Go/No-Go:** ${facts.gate.conclusion ?? "in progress"}${facts.gate.title ? ` — ${inlineUntrusted(facts.gate.title)}` : ""}`
        : "- **Go/No-Go:** not evaluated yet on the head commit",
    );
  return lines;
}

/**
 * The answer comment. `answer` is Claude's sanitized text, or undefined when there is no LLM
 * (then `why` says so and the facts stand alone).
 */
export function renderAnswer(input: {
  role: Role;
  persona?: string;
  asker: string;
  question: string;
  facts: ThreadFacts;
  at: Date;
  answer?: { text: string; usd: number; model: string };
  why?: string;
}): string {
  const quoted = sanitizeUntrusted(input.question)
    .split(/\r?\n/)
    .map((l) => `> ${l}`)
    .join("\n");
  const body = input.answer
    ? [input.answer.text]
    : [
        `I can't answer in words: ${inlineUntrusted(input.why ?? "no LLM is configured")}. Here is what Flightdeck knows:`,
      ];
  const cost = input.answer
    ? `Answered by Claude (${input.answer.model}); cost ${formatUsd(input.answer.usd)}.`
    : "Answered from Flightdeck's facts; cost $0.";
  return [
    answerMarker(input.asker, input.at),
    `### 💬 ${speaker(input.role, input.persona)}`,
    "",
    quoted,
    "",
    ...body,
    "",
    "<details><summary>Facts</summary>",
    "",
    ...factLines(input.facts),
    "",
    "</details>",
    "",
    `<sub>${cost} Agents advise; people decide — they never approve, run commands or close issues.</sub>`,
  ].join("\n");
}
