import { z } from "zod";
import { parseThreshold } from "../load/thresholds.js";
import { ROLES } from "../planner/schema.js";
import { SecurityPolicy } from "./security-schema.js";

/**
 * The go/no-go policies of `gates`: each criterion's level, the pull-request policy (QA,
 * approvals, security) and the deployment policy of one environment.
 */

function isThreshold(text: string): boolean {
  try {
    parseThreshold(text);
    return true;
  } catch {
    return false;
  }
}

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
    security: SecurityPolicy.optional(),
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
    security: SecurityPolicy.optional(),
  })
  .strict()
  .describe("What a deployment to this environment needs before Flightdeck's protection rule approves it.");
export type DeploymentPolicy = z.infer<typeof DeploymentPolicy>;

/** `gates`: the go/no-go policies of pull requests and of deployments per environment. */
export const GateSettings = z
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
  .describe("Go/no-go policies for pull requests and deployments.");
