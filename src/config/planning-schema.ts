import { z } from "zod";

/**
 * The planning sections of the config: the trigger label, the planner and its model, the
 * team's capacity and the labels put on sub-issues.
 */

/** A GitHub login (1–39 letters, digits or hyphens, not starting with a hyphen). */
export const Login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub login")
  .describe("A GitHub login, e.g. `alice`.");
const Weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** USD per million tokens, input and output; follows Anthropic's published price list. */
const Price = z
  .object({
    inputPerMTok: z.number().nonnegative().describe("USD per million input tokens, e.g. `3`."),
    outputPerMTok: z.number().nonnegative().describe("USD per million output tokens, e.g. `15`."),
  })
  .strict()
  .describe("Price of one model in USD per million tokens.");

/** `trigger`: what turns an issue into an epic. */
export const TriggerSettings = z
  .object({
    label: z
      .string()
      .min(1)
      .max(50)
      .default("epic")
      .describe("Adding this label to an issue makes it an epic Flightdeck plans. Default: `epic`."),
  })
  .strict()
  .default({ label: "epic" })
  .describe("What turns an issue into an epic.");

/** `planner`: how epics are broken into tasks. */
export const PlannerSettings = z
  .object({
    mode: z
      .enum(["auto", "deterministic", "llm"])
      .default("auto")
      .describe(
        "`auto` uses Claude when ANTHROPIC_API_KEY is set, else the deterministic planner; `deterministic` never calls a model; `llm` requires one. Default: `auto`.",
      ),
    maxTasks: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(30)
      .describe("Most tasks per plan, 1–100 (GitHub allows 100 sub-issues per parent). Default: `30`."),
    defaultEstimateHours: z
      .number()
      .positive()
      .max(400)
      .default(4)
      .describe("Hours assumed for a task whose epic gives no estimate. Default: `4`."),
  })
  .strict()
  .default({ mode: "auto", maxTasks: 30, defaultEstimateHours: 4 })
  .describe("How epics are broken into tasks.");

/** `llm`: the Claude planner and its cost limits. */
export const LlmSettings = z
  .object({
    model: z
      .string()
      .min(1)
      .default("claude-sonnet-5-5")
      .describe("Anthropic model id used by the LLM planner. Default: `claude-sonnet-5-5`."),
    maxTokens: z
      .number()
      .int()
      .min(1024)
      .max(64_000)
      .default(8192)
      .describe("Most output tokens per model call, 1024–64000. Default: `8192`."),
    maxCostUsd: z
      .number()
      .positive()
      .default(1)
      .describe("Refuse to plan when a run's estimated cost exceeds this, in USD. Default: `1`."),
    pricing: z
      .record(z.string(), Price)
      .default({})
      .describe(
        "Override or extend the built-in price table by model id, in USD per million tokens, e.g. `{ my-model: { inputPerMTok: 3, outputPerMTok: 15 } }`. Default: none.",
      ),
  })
  .strict()
  .default({ model: "claude-sonnet-5-5", maxTokens: 8192, maxCostUsd: 1, pricing: {} })
  .describe("The Claude planner (used when ANTHROPIC_API_KEY is set).");

/** `capacity`: the team's time, for the schedule and forecast. */
export const CapacitySettings = z
  .object({
    hoursPerWeek: z
      .number()
      .positive()
      .max(80)
      .default(30)
      .describe("Focused hours a person gives the epic per week, up to 80. Default: `30`."),
    people: z
      .record(Login, z.number().positive().max(80))
      .default({})
      .describe("Per-person hours per week, by login, e.g. `{ bob: 15 }`. Default: none."),
    workdays: z
      .array(Weekday)
      .min(1)
      .default(["mon", "tue", "wed", "thu", "fri"])
      .describe("Working days for the forecast (mon … sun). Default: `[mon, tue, wed, thu, fri]`."),
  })
  .strict()
  .default({ hoursPerWeek: 30, people: {}, workdays: ["mon", "tue", "wed", "thu", "fri"] })
  .describe("The team's time, for the schedule and forecast.");

/** `labels`: the labels Flightdeck creates and puts on sub-issues. */
export const LabelSettings = z
  .object({
    role: z
      .string()
      .max(30)
      .default("role: ")
      .describe('Prefix of role labels, e.g. `role: backend`. Default: `"role: "`.'),
    priority: z
      .string()
      .max(30)
      .default("priority: ")
      .describe('Prefix of priority labels, e.g. `priority: P0`. Default: `"priority: "`.'),
    extra: z
      .array(z.string().min(1).max(50))
      .max(10)
      .default([])
      .describe("Labels put on every created sub-issue, e.g. `[planned]`. Default: none."),
  })
  .strict()
  .default({ role: "role: ", priority: "priority: ", extra: [] })
  .describe("Labels Flightdeck creates and puts on sub-issues.");
