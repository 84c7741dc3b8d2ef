import { z } from "zod";
import { parseThreshold } from "../load/thresholds.js";
import { ROLES } from "../planner/schema.js";

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

const Login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub login");
const Weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** USD per million tokens, input and output; follows Anthropic's published price list. */
const Price = z
  .object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() })
  .strict();

/** How much a gate criterion matters: `block` fails the gate (red), `warn` marks it yellow, `off` skips it. */
export const Level = z.enum(["block", "warn", "off"]);
export type Level = z.infer<typeof Level>;

/** QA evidence a pull request must show, each requirement with its level. */
const QaPolicy = z
  .object({
    /** A Flightdeck QA report must exist for the head commit. */
    required: Level.default("block"),
    /** Every P0 test passes. */
    p0MustPass: Level.default("block"),
    /** At most this many failing or erroring tests. */
    maxFailures: z
      .object({ value: z.number().int().min(0), level: Level.default("block") })
      .strict()
      .default({ value: 0, level: "block" }),
    /** Minimum coverage in %, per metric. */
    minCoverage: z
      .object({
        lines: z.number().min(0).max(100).optional(),
        branches: z.number().min(0).max(100).optional(),
        functions: z.number().min(0).max(100).optional(),
        level: Level.default("warn"),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Approvals a pull request needs from members of a role (from `team`). */
const ApprovalPolicy = z
  .object({
    role: z.enum(ROLES),
    count: z.number().int().min(1).max(10).default(1),
    level: Level.default("block"),
  })
  .strict();

/** The go/no-go policy of pull requests. */
export const PullRequestPolicy = z
  .object({
    qa: QaPolicy.default({
      required: "block",
      p0MustPass: "block",
      maxFailures: { value: 0, level: "block" },
    }),
    approvals: z.array(ApprovalPolicy).max(10).default([]),
  })
  .strict();
export type PullRequestPolicy = z.infer<typeof PullRequestPolicy>;

/** What a deployment to one environment needs before Flightdeck's protection rule approves it. */
export const DeploymentPolicy = z
  .object({
    /** The pull request that brought the commit has a go from the Go/No-Go gate. */
    pullRequestGate: Level.default("block"),
    /** A passing Flightdeck QA report on the deployed commit. */
    qa: Level.default("block"),
    /** A Flightdeck load report on the deployed commit meeting these thresholds (`p95<200`). */
    load: z
      .object({
        thresholds: z
          .array(
            z.string().refine((t) => isThreshold(t), "a threshold like p95<200, error_rate<0.01 or rps>500"),
          )
          .max(20)
          .default([]),
        level: Level.default("block"),
      })
      .strict()
      .optional(),
    /** The open readiness-checklist issue (labelled `release.checklistLabel`) is fully ticked. */
    checklist: Level.default("off"),
    /** No open issue carries this label. */
    p0Bugs: z
      .object({ label: z.string().min(1).max(50).default("P0 bug"), level: Level.default("block") })
      .strict()
      .default({ label: "P0 bug", level: "block" }),
    /** Change-freeze windows (ISO 8601 times): deployments inside one are rejected. */
    freeze: z
      .array(
        z
          .object({
            from: z.string().datetime({ offset: true }),
            to: z.string().datetime({ offset: true }),
            reason: z.string().max(200).default("change freeze"),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
export type DeploymentPolicy = z.infer<typeof DeploymentPolicy>;

/**
 * The whole `.github/flightdeck.yml`. Strict: an unknown key is an error, so a typo never
 * silently turns a setting off. Every key has a default; an empty file is a valid config.
 */
export const Config = z
  .object({
    /** The label that turns an issue into an epic Flightdeck plans. */
    trigger: z
      .object({ label: z.string().min(1).max(50).default("epic") })
      .strict()
      .default({ label: "epic" }),
    planner: z
      .object({
        /** `auto` uses Claude when ANTHROPIC_API_KEY is set, else the deterministic planner. */
        mode: z.enum(["auto", "deterministic", "llm"]).default("auto"),
        /** Upper bound on tasks per plan (GitHub allows 100 sub-issues per parent). */
        maxTasks: z.number().int().min(1).max(100).default(30),
        /** Hours assumed for a task whose epic gives no estimate. */
        defaultEstimateHours: z.number().positive().max(400).default(4),
      })
      .strict()
      .default({ mode: "auto", maxTasks: 30, defaultEstimateHours: 4 }),
    llm: z
      .object({
        model: z.string().min(1).default("claude-sonnet-5-5"),
        /** Bound on the model's output per call. */
        maxTokens: z.number().int().min(1024).max(64_000).default(8192),
        /** Refuse to plan when the estimated cost of a run exceeds this, in USD. */
        maxCostUsd: z.number().positive().default(1),
        /** Override or extend the built-in price table (USD per million tokens) by model id. */
        pricing: z.record(z.string(), Price).default({}),
      })
      .strict()
      .default({ model: "claude-sonnet-5-5", maxTokens: 8192, maxCostUsd: 1, pricing: {} }),
    /** People per role; Flightdeck assigns each task to the least-loaded member of its role. */
    team: z.partialRecord(z.enum(ROLES), z.array(Login).max(50)).default({}),
    capacity: z
      .object({
        /** Focused hours a person gives the epic per week. */
        hoursPerWeek: z.number().positive().max(80).default(30),
        /** Per-person overrides of hoursPerWeek, by login. */
        people: z.record(Login, z.number().positive().max(80)).default({}),
        workdays: z.array(Weekday).min(1).default(["mon", "tue", "wed", "thu", "fri"]),
      })
      .strict()
      .default({ hoursPerWeek: 30, people: {}, workdays: ["mon", "tue", "wed", "thu", "fri"] }),
    labels: z
      .object({
        /** Prefix of role labels: `role: backend`. */
        role: z.string().max(30).default("role: "),
        /** Prefix of priority labels: `priority: P0`. */
        priority: z.string().max(30).default("priority: "),
        /** Extra labels put on every created sub-issue. */
        extra: z.array(z.string().min(1).max(50)).max(10).default([]),
      })
      .strict()
      .default({ role: "role: ", priority: "priority: ", extra: [] }),
    gates: z
      .object({
        pullRequest: PullRequestPolicy.default(PullRequestPolicy.parse({})),
        /** Policies by environment name, for Flightdeck's deployment protection rule. */
        deployments: z.record(z.string().min(1).max(255), DeploymentPolicy).default({}),
      })
      .strict()
      .default({ pullRequest: PullRequestPolicy.parse({}), deployments: {} }),
    release: z
      .object({
        /** Label of readiness-checklist issues. */
        checklistLabel: z.string().min(1).max(50).default("release-checklist"),
        /** Role allowed to start a launch with `/flightdeck launch <version>` (besides admins). */
        managerRole: z.enum(ROLES).default("devops"),
        /** Markdown template of the checklist; `{{version}}` is replaced. Default: the built-in checklist. */
        checklistTemplate: z.string().max(60_000).optional(),
      })
      .strict()
      .default({ checklistLabel: "release-checklist", managerRole: "devops" }),
  })
  .strict();

export type Config = z.infer<typeof Config>;

/** The configuration used when a repository has no `.github/flightdeck.yml`. */
export const DEFAULT_CONFIG: Config = Config.parse({});
