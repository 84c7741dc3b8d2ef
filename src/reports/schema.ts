import { z } from "zod";
import { PRIORITIES } from "../planner/schema.js";

/** The version tag every report carries; readers refuse other versions. */
export const REPORT_SCHEMA = "flightdeck.report/v1" as const;

const Sha = z.string().regex(/^[0-9a-f]{7,40}$/, "a commit SHA (7–40 hex characters)");
const Percent = z.number().min(0).max(100);
const Count = z.number().int().nonnegative();

const base = {
  schema: z.literal(REPORT_SCHEMA),
  /** Commit the evidence is about. */
  sha: Sha.optional(),
  /** `owner/repo` the evidence is about (GITHUB_REPOSITORY of the producing workflow run). */
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "owner/repo")
    .optional(),
  /** Workflow file that produced the report, e.g. `.github/workflows/qa.yml` (from GITHUB_WORKFLOW_REF). */
  workflow: z.string().min(1).optional(),
  /** Workflow run that produced the report (GITHUB_RUN_ID). */
  runId: z.number().int().positive().optional(),
  /** ISO 8601 time the report was made. */
  createdAt: z.string().datetime(),
};

/** Test counts, overall or for one priority. */
export const TestCounts = z
  .object({ total: Count, passed: Count, failed: Count, errored: Count, skipped: Count })
  .strict();
export type TestCounts = z.infer<typeof TestCounts>;

/** One failing or erroring test, located as precisely as its report allows. */
export const TestFailure = z
  .object({
    name: z.string(),
    classname: z.string().optional(),
    file: z.string().optional(),
    line: z.number().int().positive().optional(),
    message: z.string(),
    /** `failure`: an assertion failed; `error`: the test could not run to completion. */
    kind: z.enum(["failure", "error"]),
    priority: z.enum(PRIORITIES),
  })
  .strict();
export type TestFailure = z.infer<typeof TestFailure>;

/** Coverage percentages (0–100); a metric the coverage file lacks is absent. */
export const Coverage = z
  .object({ lines: Percent.optional(), branches: Percent.optional(), functions: Percent.optional() })
  .strict();
export type Coverage = z.infer<typeof Coverage>;

/** Results of a test run: counts overall and per priority, failures, coverage. */
export const QaReport = z
  .object({
    ...base,
    kind: z.literal("qa"),
    tests: TestCounts.extend({ flaky: Count }),
    byPriority: z.object({ P0: TestCounts, P1: TestCounts, P2: TestCounts }).strict(),
    failures: z.array(TestFailure),
    coverage: Coverage.optional(),
    /** Test time summed from the reports, in ms. */
    durationMs: z.number().nonnegative(),
    /** The files read: JUnit reports and coverage files, with what each held. */
    sources: z.array(z.object({ file: z.string(), format: z.string(), tests: Count.optional() }).strict()),
  })
  .strict();
export type QaReport = z.infer<typeof QaReport>;

/** One load-test threshold (`p95<200`), with the measured value and the outcome. */
export const Threshold = z
  .object({
    expression: z.string(),
    metric: z.string(),
    op: z.enum(["<", "<=", ">", ">="]),
    limit: z.number(),
    actual: z.number(),
    pass: z.boolean(),
  })
  .strict();

/** Results of a load test against one target. Latencies in ms. */
export const LoadReport = z
  .object({
    ...base,
    kind: z.literal("load"),
    target: z.string().url(),
    method: z.string(),
    connections: Count,
    durationMs: z.number().nonnegative(),
    requests: Count,
    /** Completed requests per second. */
    rps: z.number().nonnegative(),
    latencyMs: z
      .object({
        p50: z.number(),
        p90: z.number(),
        p95: z.number(),
        p99: z.number(),
        max: z.number(),
        mean: z.number(),
      })
      .strict(),
    errors: Count,
    non2xx: Count,
    timeouts: Count,
    /** (errors + timeouts + non-2xx) / requests attempted, 0–1. */
    errorRate: z.number().min(0).max(1),
    thresholds: z.array(Threshold),
  })
  .strict();
export type LoadReport = z.infer<typeof LoadReport>;

/** Outcome of a deployment to one environment, with its smoke test and any rollback. */
export const DeployReport = z
  .object({
    ...base,
    kind: z.literal("deploy"),
    environment: z.string().min(1),
    outcome: z.enum(["success", "failure", "rolled_back"]),
    url: z.string().url().optional(),
    smoke: z
      .object({
        url: z.string(),
        attempts: Count,
        status: z.number().int().optional(),
        pass: z.boolean(),
        reason: z.string().optional(),
      })
      .strict()
      .optional(),
    rollback: z
      .object({ reason: z.string(), ran: z.boolean(), exitCode: z.number().int().optional() })
      .strict()
      .optional(),
    durationMs: z.number().nonnegative(),
  })
  .strict();
export type DeployReport = z.infer<typeof DeployReport>;

/**
 * A post-launch watch of one environment: each window's measurements, the rules, and — on a
 * breach — the rollback with its reason. A kind of its own (not a section of `deploy`) so it is
 * published as its own "Flightdeck Watch" check run and readers of the other kinds are unchanged.
 * Latencies in ms; error rates 0–1; window length in seconds.
 */
export const WatchReport = z
  .object({
    ...base,
    kind: z.literal("watch"),
    environment: z.string().min(1).optional(),
    outcome: z.enum(["healthy", "rolled-back", "rollback-failed", "cancelled"]),
    windowSec: z.number().positive(),
    consecutive: Count,
    rules: z.array(z.string()),
    windows: z.array(
      z
        .object({
          at: z.string().datetime(),
          healthOk: z.boolean().optional(),
          healthDetail: z.string().optional(),
          p95: z.number().nonnegative().optional(),
          errorRate: z.number().min(0).max(1).optional(),
          metrics: z.record(z.string(), z.number()).optional(),
        })
        .strict(),
    ),
    /** Set when a rule breached: the reason, the window it breached in, and the command's exit. */
    rollback: z
      .object({
        reason: z.string(),
        window: Count,
        ran: z.boolean(),
        exitCode: z.number().int().optional(),
        /** True when a previous run on this commit had already rolled back (a re-run). */
        previous: z.boolean().optional(),
      })
      .strict()
      .optional(),
    durationMs: z.number().nonnegative(),
  })
  .strict();
export type WatchReport = z.infer<typeof WatchReport>;

/** A custom report's name: lowercase, e.g. `accessibility`, `e2e`, `visual-regression`. */
export const CUSTOM_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Any other evidence a workflow publishes — accessibility, end-to-end, visual or contract checks —
 * as named pass/fail checks. Published as the check run "Flightdeck Report: <name>"; the
 * readiness report shows it and ticks the checklist items marked `custom:<name>`.
 */
export const CustomReport = z
  .object({
    ...base,
    kind: z.literal("custom"),
    name: z.string().regex(CUSTOM_NAME, "a lowercase name like accessibility or e2e (a–z, 0–9, -; ≤ 40)"),
    /** What the checks are about, for people ("Accessibility (axe-core)"). */
    title: z.string().min(1).max(200).optional(),
    checks: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200),
            pass: z.boolean(),
            /** Why it failed, or what it measured. */
            detail: z.string().max(1000).optional(),
            url: z.string().url().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();
export type CustomReport = z.infer<typeof CustomReport>;

/** Any Flightdeck report, discriminated by `kind`. */
export const Report = z.discriminatedUnion("kind", [
  QaReport,
  LoadReport,
  DeployReport,
  WatchReport,
  CustomReport,
]);
export type Report = z.infer<typeof Report>;

/** The check run each report kind is published as, on the commit it is about. */
export const CHECK_NAMES = {
  qa: "Flightdeck QA",
  load: "Flightdeck Load Test",
  deploy: "Flightdeck Deploy",
  watch: "Flightdeck Watch",
  /** The prefix: each custom report is its own check run, "Flightdeck Report: <name>". */
  custom: "Flightdeck Report",
} as const;

/** Empty counts, for building reports. */
export function emptyCounts(): TestCounts {
  return { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };
}
