import { writeFile } from "node:fs/promises";
import * as core from "@actions/core";
import { expandGlobs, readInputs } from "../cli/qa.js";
import { PullRequestPolicy } from "../config/schema.js";
import { qaCriteria } from "../gates/qa.js";
import { combine, verdictMarkdown } from "../gates/verdict.js";
import { PRIORITIES, type Priority } from "../planner/schema.js";
import { QaInputError } from "../qa/errors.js";
import { isTestFormat, TEST_FORMATS } from "../qa/formats.js";
import { buildQaReport } from "../qa/report.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import { commitOf, exitForVerdict, list, number } from "./inputs.js";
import { publishCheckRun, selectAnnotations } from "./publish.js";

/**
 * The QA Action (actions/qa): test reports (`tests`, or the older `junit` input: any format of
 * TEST_FORMATS, detected from content unless `format` names one) and coverage files → the
 * Flightdeck QA report, its verdict
 * against the thresholds given as inputs, a JSON file, a job summary, outputs, and the
 * "Flightdeck QA" check run on the commit with up to 50 failure annotations (the job summary and
 * the check run say how many were left out). Inputs arrive as INPUT_*
 * environment variables set by action.yml's `env:` (never interpolated into a shell line),
 * with underscores for the inputs' hyphens (`min-coverage` → INPUT_MIN_COVERAGE).
 *
 * @returns the exit code: 0, or 1 when the verdict is red (and fail-on-red is true) or an input is unusable
 */
export async function runQaAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const tests = [...list(core.getInput("tests")), ...list(core.getInput("junit"))];
    if (!tests.length) throw new Error("input tests is required: the test reports, as globs");
    const format = core.getInput("format").trim().toLowerCase();
    if (format && !isTestFormat(format))
      throw new Error(
        `input format must be one of ${Object.keys(TEST_FORMATS).join(", ")} (or empty to detect it), got "${format}"`,
      );
    const coverage = list(core.getInput("coverage"));
    const priority = (core.getInput("default_priority") || "P1").toUpperCase();
    if (!PRIORITIES.includes(priority as Priority))
      throw new Error(`default-priority must be P0, P1 or P2, got "${priority}"`);
    const minCoverage = number(core.getInput("min_coverage"), "min-coverage", { min: 0, max: 100 });
    const maxFailures = number(core.getInput("max_failures") || "0", "max-failures", {
      min: 0,
      integer: true,
    });
    const p0MustPass = core.getBooleanInput("p0_must_pass");
    const reportPath = core.getInput("report_path") || "flightdeck-qa-report.json";
    const sha = commitOf(env);

    const report = buildQaReport(
      await readInputs(await expandGlobs(tests, "tests")),
      await readInputs(await expandGlobs(coverage, "coverage")),
      {
        defaultPriority: priority as Priority,
        now: new Date(),
        root: env.GITHUB_WORKSPACE || process.cwd(),
        ...(sha ? { sha } : {}),
        ...(format && isTestFormat(format) ? { format } : {}),
      },
    );
    const policy = PullRequestPolicy.parse({
      qa: {
        required: "block",
        p0MustPass: p0MustPass ? "block" : "off",
        maxFailures: { value: maxFailures ?? 0, level: "block" },
        ...(minCoverage !== undefined ? { minCoverage: { lines: minCoverage, level: "block" } } : {}),
      },
    }).qa;
    const verdict = combine(qaCriteria(policy, report, sha ?? "HEAD"));

    await writeFile(reportPath, reportJson(report));
    const testExit = env.FLIGHTDECK_TEST_EXIT_CODE;
    const { note } = selectAnnotations(report);
    const summary = [
      summaryMarkdown(report),
      ...(note ? ["", note] : []),
      "",
      "#### Verdict",
      verdictMarkdown(verdict),
      ...(testExit && testExit !== "0" ? ["", `The test command exited with code ${testExit}.`] : []),
    ].join("\n");
    await core.summary.addRaw(summary).write();

    core.setOutput("passed", report.tests.passed);
    core.setOutput("failed", report.tests.failed + report.tests.errored);
    core.setOutput("coverage", report.coverage?.lines ?? "");
    core.setOutput("verdict", verdict.decision);
    core.setOutput("report-path", reportPath);

    const token = core.getInput("github_token");
    if (token && sha && env.GITHUB_REPOSITORY) {
      await publishCheckRun(
        report,
        verdict.conclusion === "action_required" ? "failure" : verdict.conclusion,
        {
          token,
          sha,
          repository: env.GITHUB_REPOSITORY,
          ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
        },
      );
    } else {
      core.info("No github-token or commit: the Flightdeck QA check run was not published.");
    }

    return exitForVerdict(verdict);
  } catch (error) {
    const message = error instanceof QaInputError || error instanceof Error ? error.message : String(error);
    core.setFailed(`Flightdeck QA: ${message}`);
    return 1;
  }
}
