import { z } from "zod";
import { parseThreshold } from "../load/thresholds.js";
import { ROLES } from "../planner/schema.js";
import { LAUNCH_REPORT_DEFAULTS, LaunchReportSettings } from "./launch-report.js";

function isThreshold(text: string): boolean {
  try {
    parseThreshold(text);
    return true;
  } catch {
    return false;
  }
}

/** Path of the configuration file in a repository (read from the default branch only). */
export const CONFIG_PATH = ".github/flightdeck.yml";

const Login = z
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

/** How much a gate criterion matters: `block` fails the gate (red), `warn` marks it yellow, `off` skips it. */
export const Level = z.enum(["block", "warn", "off"]);
export type Level = z.infer<typeof Level>;

const LEVEL = "`block` fails the gate (red), `warn` marks it yellow, `off` skips it";
/** A criterion's level with its default, described for the JSON Schema. */
const level = (what: string, fallback: Level) =>
  Level.default(fallback).describe(`${what} Level: ${LEVEL}. Default: \`${fallback}\`.`);

/** QA evidence a pull request must show, each requirement with its level. */
const QaPolicy = z
  .object({
    required: level("A Flightdeck QA report must exist for the pull request's head commit.", "block"),
    p0MustPass: level("Every P0 test passes (priority from the test name or JUnit properties).", "block"),
    maxFailures: z
      .object({
        value: z.number().int().min(0).describe("Most failing or erroring tests allowed, e.g. `0`."),
        level: level("How a larger count counts.", "block"),
      })
      .strict()
      .default({ value: 0, level: "block" })
      .describe("At most this many failing or erroring tests. Default: `{ value: 0, level: block }`."),
    minCoverage: z
      .object({
        lines: z.number().min(0).max(100).optional().describe("Minimum line coverage in %, e.g. `80`."),
        branches: z.number().min(0).max(100).optional().describe("Minimum branch coverage in %, e.g. `70`."),
        functions: z
          .number()
          .min(0)
          .max(100)
          .optional()
          .describe("Minimum function coverage in %, e.g. `80`."),
        level: level("How coverage below a minimum counts.", "warn"),
      })
      .strict()
      .optional()
      .describe("Minimum coverage in % per metric (lines, branches, functions). Default: none."),
  })
  .strict()
  .describe("QA evidence a pull request must show, each requirement with its level.");

/** Approvals a pull request needs from members of a role (from `team`). */
const ApprovalPolicy = z
  .object({
    role: z.enum(ROLES).describe("The role whose members (from `team`) must approve, e.g. `qa`."),
    count: z.number().int().min(1).max(10).default(1).describe("Approvals needed, 1–10. Default: `1`."),
    level: level("How missing approvals count.", "block"),
  })
  .strict()
  .describe("Approvals a pull request needs from members of a role.");

/** The go/no-go policy of pull requests. */
export const PullRequestPolicy = z
  .object({
    qa: QaPolicy.default({
      required: "block",
      p0MustPass: "block",
      maxFailures: { value: 0, level: "block" },
    }),
    approvals: z
      .array(ApprovalPolicy)
      .max(10)
      .default([])
      .describe("Approvals by role, e.g. `[{ role: qa, count: 1 }]`. Default: none."),
  })
  .strict()
  .describe("The Go/No-Go policy of pull requests (the `Flightdeck Go/No-Go` check run).");
export type PullRequestPolicy = z.infer<typeof PullRequestPolicy>;

/** What a deployment to one environment needs before Flightdeck's protection rule approves it. */
export const DeploymentPolicy = z
  .object({
    pullRequestGate: level(
      "The pull request that brought the commit has a go from the Go/No-Go gate.",
      "block",
    ),
    qa: level("A passing Flightdeck QA report on the deployed commit.", "block"),
    load: z
      .object({
        thresholds: z
          .array(
            z
              .string()
              .refine((t) => isThreshold(t), "a threshold like p95<200, error_rate<0.01 or rps>500")
              .describe(
                "METRIC OP NUMBER: latencies p50, p90, p95, p99, max, avg in ms (`p95<200`, or `p95<0.2s`); `rps` in requests/s (`rps>500`); `error_rate` as a fraction 0–1 or in % (`error_rate<0.01`, `error_rate<1%`). k6's `p(95)` and `rate` work too.",
              ),
          )
          .max(20)
          .default([])
          .describe(
            "Thresholds the load report must meet, e.g. `[p95<200, error_rate<0.01]`. Default: none.",
          ),
        level: level("How a missing or failing load report counts.", "block"),
      })
      .strict()
      .optional()
      .describe("A Flightdeck load report on the deployed commit meeting thresholds. Default: not required."),
    checklist: level(
      "The open readiness-checklist issue (labelled `release.checklistLabel`) is fully ticked.",
      "off",
    ),
    p0Bugs: z
      .object({
        label: z
          .string()
          .min(1)
          .max(50)
          .default("P0 bug")
          .describe("The label of release-blocking bugs. Default: `P0 bug`."),
        level: level("How an open bug with the label counts.", "block"),
      })
      .strict()
      .default({ label: "P0 bug", level: "block" })
      .describe("No open issue may carry this label."),
    freeze: z
      .array(
        z
          .object({
            from: z
              .string()
              .datetime({ offset: true })
              .describe("Start, ISO 8601 with offset, e.g. `2025-12-20T00:00:00Z`."),
            to: z
              .string()
              .datetime({ offset: true })
              .describe("End, ISO 8601 with offset, e.g. `2026-01-05T00:00:00+01:00`."),
            reason: z
              .string()
              .max(200)
              .default("change freeze")
              .describe("Shown on the rejected deployment. Default: `change freeze`."),
          })
          .strict(),
      )
      .max(50)
      .default([])
      .describe("Change-freeze windows: deployments inside one are rejected. Default: none."),
  })
  .strict()
  .describe("What a deployment to this environment needs before Flightdeck's protection rule approves it.");
export type DeploymentPolicy = z.infer<typeof DeploymentPolicy>;

/**
 * The whole `.github/flightdeck.yml`. Strict: an unknown key is an error, so a typo never
 * silently turns a setting off. Every key has a default; an empty file is a valid config.
 */
export const Config = z
  .object({
    trigger: z
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
      .describe("What turns an issue into an epic."),
    planner: z
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
      .describe("How epics are broken into tasks."),
    llm: z
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
      .describe("The Claude planner (used when ANTHROPIC_API_KEY is set)."),
    team: z
      .partialRecord(z.enum(ROLES), z.array(Login).max(50))
      .default({})
      .describe(
        `GitHub logins per role (${ROLES.join(", ")}); each task goes to the least-loaded member of its role, e.g. \`backend: [alice, bob]\`. Default: nobody (tasks stay unassigned).`,
      ),
    capacity: z
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
      .describe("The team's time, for the schedule and forecast."),
    labels: z
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
      .describe("Labels Flightdeck creates and puts on sub-issues."),
    gates: z
      .object({
        pullRequest: PullRequestPolicy.default(PullRequestPolicy.parse({})),
        deployments: z
          .record(z.string().min(1).max(255), DeploymentPolicy)
          .default({})
          .describe(
            "Policies by environment name for Flightdeck's deployment protection rule, e.g. `{ production: { qa: block } }`. Default: none.",
          ),
      })
      .strict()
      .default({ pullRequest: PullRequestPolicy.parse({}), deployments: {} })
      .describe("Go/no-go policies for pull requests and deployments."),
    release: z
      .object({
        checklistLabel: z
          .string()
          .min(1)
          .max(50)
          .default("release-checklist")
          .describe("Label of readiness-checklist issues. Default: `release-checklist`."),
        managerRole: z
          .enum(ROLES)
          .default("devops")
          .describe(
            "Role allowed to start a launch with `/flightdeck launch <version>` (besides admins). Default: `devops`.",
          ),
        checklistTemplate: z
          .string()
          .max(60_000)
          .optional()
          .describe(
            "Markdown template of the checklist; `{{version}}` is replaced. Default: the built-in checklist.",
          ),
        report: LaunchReportSettings,
      })
      .strict()
      .default({ checklistLabel: "release-checklist", managerRole: "devops", report: LAUNCH_REPORT_DEFAULTS })
      .describe("Releases: readiness checklists, launches and launch reports."),
  })
  .strict()
  .describe(
    "Flightdeck's configuration, read from `.github/flightdeck.yml` on the default branch. Every key is optional.",
  );

export type Config = z.infer<typeof Config>;

/** The configuration used when a repository has no `.github/flightdeck.yml`. */
export const DEFAULT_CONFIG: Config = Config.parse({});
