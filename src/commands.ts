/** A `/flightdeck <command> [args]` line from a comment. */
export interface Command {
  name: string;
  args: string;
}

/** The commands Flightdeck answers, for help text. */
export const COMMANDS: Record<string, string> = {
  plan: "plan (or re-plan) this epic and post the preview",
  apply: "create the previewed plan's sub-issues and dependencies",
  "launch <version>": "open the release's readiness checklist (release managers)",
  "go / no-go <reason> / withdraw": "in a pull request: approve, block or withdraw (role members)",
  report: "in a release checklist or an epic: post or refresh its launch report",
  "retro apply": "open the launch report's retrospective action items as issues (once)",
  brief: "in a task: its role agent posts (or refreshes) the opening brief",
  "ask <role> <question>": "in an issue or pull request: that role's agent answers in the thread",
  doctor:
    "pre-flight doctor: PASS / WARN / FAIL for everything a launch needs, with fixes (`doctor check-llm` also calls the model once)",
  standup: "on an epic: post today's standup digest (done, in progress, blocked, at risk)",
  help: "list the commands",
};

/**
 * Finds the first `/flightdeck <name> [args]` command at the start of a line, outside code
 * blocks and quotes (a quoted or fenced command is someone showing the syntax, not using it).
 */
export function parseCommand(body: string | null | undefined): Command | undefined {
  let fenced = false;
  for (const line of (body ?? "").split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*>/.test(line)) continue;
    const m = /^\s*\/flightdeck\s+([a-z][a-z-]*)\b[ \t]*(.*)$/i.exec(line);
    if (m) return { name: (m[1] as string).toLowerCase(), args: (m[2] as string).trim() };
  }
  return undefined;
}

/** Commands other handlers own: the epic handler leaves them alone. */
export const NON_EPIC_COMMANDS = new Set([
  "launch",
  "go",
  "no-go",
  "withdraw",
  "report",
  "retro",
  "brief",
  "ask",
  "doctor",
  "standup",
]);

/** Help text listing the commands. */
export function helpText(): string {
  return [
    "Flightdeck commands (need write access to the repository):",
    "",
    ...Object.entries(COMMANDS).map(([k, v]) => `- \`/flightdeck ${k}\` — ${v}`),
  ].join("\n");
}
