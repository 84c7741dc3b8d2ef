import { z } from "zod";
import type { Role } from "../planner/schema.js";

/**
 * Config parts of the role agents and budgets (see docs/agents.md): a role's members with its
 * agent's persona (`team.<role>: { members, agent: { name } }`) and `budget`.
 */

const Login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub login")
  .describe("A GitHub login, e.g. `alice`.");

/** A role's members and, optionally, the persona its agent speaks as. */
export const TeamRole = z
  .object({
    members: z.array(Login).max(50).default([]).describe("GitHub logins of the role, e.g. `[alice, bob]`."),
    agent: z
      .object({
        name: z
          .string()
          .regex(
            /^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,39}$/u,
            "a name of 1-40 letters, digits, spaces or . _ ' -",
          )
          .describe("The persona the role's agent signs its comments with, e.g. `Ada`."),
      })
      .strict()
      .optional()
      .describe("The role's agent. Default: it speaks as the role (`QA agent`)."),
  })
  .strict()
  .describe("A role's members and its agent's persona.");
export type TeamEntry = string[] | z.infer<typeof TeamRole>;

/** LLM spend limits and who is told when they are reached (see src/budget). */
export const Budget = z
  .object({
    monthlyUsd: z
      .number()
      .positive()
      .optional()
      .describe(
        "Most USD of LLM calls (planner, agents, ask) per calendar month (UTC) in this repository, e.g. `20`. Alerts at 80 % and 100 %; past it, LLM features stop and the deterministic path runs. Default: no limit.",
      ),
    perEpicUsd: z
      .number()
      .positive()
      .optional()
      .describe(
        "Most USD of LLM calls per epic (its plan and its tasks' agents) per calendar month, e.g. `2`. Default: no limit.",
      ),
    owners: z
      .array(Login)
      .max(10)
      .default([])
      .describe("Logins mentioned in budget alerts, e.g. `[mona]`. Default: nobody is mentioned."),
    label: z
      .string()
      .min(1)
      .max(50)
      .default("flightdeck: spend")
      .describe("Label of the monthly spend-ledger issue Flightdeck keeps. Default: `flightdeck: spend`."),
  })
  .strict()
  .default({ owners: [], label: "flightdeck: spend" })
  .describe("LLM budget: a monthly ledger issue records every call's cost.");

/**
 * Normalizes the file's `team`: logins per role whatever form the file used, and the persona
 * names (`team.<role>.agent.name`) by role as `agents`.
 */
export function normalizeTeam<T extends { team: Partial<Record<Role, TeamEntry>> }>(
  file: T,
): Omit<T, "team"> & {
  team: Partial<Record<Role, string[]>>;
  agents: Partial<Record<Role, { name: string }>>;
} {
  const team: Partial<Record<Role, string[]>> = {};
  const agents: Partial<Record<Role, { name: string }>> = {};
  for (const [role, entry] of Object.entries(file.team) as Array<[Role, TeamEntry]>) {
    team[role] = Array.isArray(entry) ? entry : entry.members;
    if (!Array.isArray(entry) && entry.agent) agents[role] = entry.agent;
  }
  return { ...file, team, agents };
}
