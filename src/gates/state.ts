import { z } from "zod";
import type { GateCommand } from "./pull-request.js";

/** Name of the check run that carries the pull-request verdict. */
export const GATE_CHECK_NAME = "Flightdeck Go/No-Go";

const Command = z.object({
  user: z.string(),
  command: z.enum(["go", "no-go", "withdraw"]),
  reason: z.string().max(500).optional(),
  sha: z.string(),
  at: z.string(),
});
const State = z.object({ v: z.literal(1), commands: z.array(Command).max(200) });

const MARKER = /<!-- flightdeck:gate ([A-Za-z0-9+/=]+) -->/;

/**
 * The gate's own record of `/flightdeck go|no-go|withdraw` commands, kept in the check run's
 * `output.text` as a hidden marker (GitHub is the system of record; the app keeps no database).
 * The newest 200 commands are kept.
 */
export function encodeGateState(commands: GateCommand[]): string {
  const state = { v: 1 as const, commands: commands.slice(-200) };
  return `<!-- flightdeck:gate ${Buffer.from(JSON.stringify(state), "utf8").toString("base64")} -->`;
}

/** Reads the commands recorded in a gate check run's text; [] when absent or unreadable. */
export function decodeGateState(text: string | null | undefined): GateCommand[] {
  const m = MARKER.exec(text ?? "");
  if (!m) return [];
  try {
    const parsed = State.safeParse(JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")));
    return parsed.success ? (parsed.data.commands as GateCommand[]) : [];
  } catch {
    return [];
  }
}

/** Parses `/flightdeck go`, `/flightdeck no-go <reason>`, `/flightdeck withdraw` arguments. */
export function gateCommand(name: string, args: string): Pick<GateCommand, "command" | "reason"> | undefined {
  if (name === "go") return { command: "go" };
  if (name === "withdraw") return { command: "withdraw" };
  if (name === "no-go") return { command: "no-go", ...(args ? { reason: args.slice(0, 500) } : {}) };
  return undefined;
}
