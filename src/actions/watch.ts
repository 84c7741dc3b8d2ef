import { writeFile } from "node:fs/promises";
import * as core from "@actions/core";
import * as github from "@actions/github";
import { runShell } from "../deploy/shell.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import { CHECK_NAMES, REPORT_SCHEMA, type WatchReport } from "../reports/schema.js";
import { parseWatchRule } from "../watch/core.js";
import { type ListedCheckRun, previousRollback } from "../watch/rerun.js";
import { runWatch } from "../watch/run.js";
import { commitOf, number } from "./inputs.js";
import { publishCheckRun } from "./publish.js";

const lines = (input: string) =>
  input
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The environment the rollback command runs with: the step's own, minus every INPUT_* variable
 * (the github-token input among them) and GITHUB_TOKEN, so the command sees a token only when
 * the workflow hands one over explicitly through the `rollback-token` input.
 */
export function rollbackEnv(
  env: NodeJS.ProcessEnv,
  extra: { environment: string; sha: string; reason?: string; token?: string },
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("INPUT_") && k !== "GITHUB_TOKEN") out[k] = v;
  return {
    ...out,
    FLIGHTDECK_ENVIRONMENT: extra.environment,
    FLIGHTDECK_SHA: extra.sha,
    ...(extra.reason ? { FLIGHTDECK_ROLLBACK_REASON: extra.reason } : {}),
    ...(extra.token ? { GITHUB_TOKEN: extra.token } : {}),
  };
}

/**
 * The watch Action (actions/watch): after a production deploy, watches the service window by
 * window (health, p95 and error rate of a low-rate synthetic mix, optional JSON metrics) and on a
 * breach runs the rollback command with the reason ("p95 412 ms > 200 ms for 3 consecutive
 * minutes"); publishes the report file, job summary, outputs and the "Flightdeck Watch" check run
 * with the timeline chart. A re-run on a commit whose earlier watch already rolled back does not
 * roll back again (GET /repos/{o}/{r}/commits/{ref}/check-runs?check_name=Flightdeck Watch).
 * SIGINT/SIGTERM (a cancelled workflow) end the watch without a rollback.
 *
 * @returns 0 when healthy; 1 on a rollback (unless fail-on-rollback is false), a failed
 *   rollback, a cancellation or bad inputs
 */
export async function runWatchAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const environment = core.getInput("environment") || "production";
    const rollbackCommand = core.getInput("rollback_command", { required: true });
    const rules = lines(core.getInput("rules", { required: true })).map(parseWatchRule);
    const sha = commitOf(env);
    if (!sha) throw new Error("no commit to watch: set the sha input or run on a commit");
    const reportPath = core.getInput("report_path") || "flightdeck-watch-report.json";
    const rollbackToken = core.getInput("rollback_token");
    if (rollbackToken) core.setSecret(rollbackToken);
    const token = core.getInput("github_token");
    const repository = env.GITHUB_REPOSITORY ?? "";
    const apiUrl = env.GITHUB_API_URL;

    const previous =
      token && repository
        ? await findPreviousRollback(token, repository, sha, environment, apiUrl)
        : undefined;
    let report: WatchReport;
    if (previous?.rollback) {
      core.info(
        `A previous run already rolled back ${environment} for this commit: ${previous.rollback.reason}`,
      );
      report = {
        ...previous,
        schema: REPORT_SCHEMA,
        createdAt: new Date().toISOString(),
        rollback: { ...previous.rollback, previous: true },
      };
    } else {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        report = await runWatch({
          ...(core.getInput("health_url") ? { healthUrl: core.getInput("health_url") } : {}),
          ...(core.getInput("health_expect_status")
            ? {
                healthExpectStatus: number(core.getInput("health_expect_status"), "health-expect-status", {
                  min: 100,
                  max: 599,
                  integer: true,
                }) as number,
              }
            : {}),
          ...(core.getInput("load_url") ? { loadUrl: core.getInput("load_url") } : {}),
          rate: number(core.getInput("rate") || "2", "rate", { min: 0.1, max: 1000 }) as number,
          ...(core.getInput("metrics_url") ? { metricsUrl: core.getInput("metrics_url") } : {}),
          rules,
          consecutive: number(core.getInput("consecutive") || "3", "consecutive", {
            min: 1,
            max: 1000,
            integer: true,
          }) as number,
          windowSec: number(core.getInput("window") || "60", "window", { min: 1, max: 3600 }) as number,
          durationSec: number(core.getInput("duration") || "900", "duration", {
            min: 1,
            max: 86_400,
          }) as number,
          timeoutMs: number(core.getInput("timeout_ms") || "5000", "timeout-ms", {
            min: 1,
            integer: true,
          }) as number,
          rollbackCommand,
          shell: (command, reason) =>
            runShell(
              command,
              rollbackEnv(env, {
                environment,
                sha,
                reason,
                ...(rollbackToken ? { token: rollbackToken } : {}),
              }),
            ),
          signal: controller.signal,
          environment,
          sha,
          log: (line) => core.info(line),
        });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    }

    await writeFile(reportPath, reportJson(report));
    await core.summary.addRaw(summaryMarkdown(report)).write();
    core.setOutput("outcome", report.outcome);
    core.setOutput("reason", report.rollback?.reason ?? "");
    core.setOutput("report-path", reportPath);
    if (token && repository && !previous) {
      await publishCheckRun(
        report,
        report.outcome === "healthy" ? "success" : report.outcome === "cancelled" ? "neutral" : "failure",
        { token, sha, repository, ...(apiUrl ? { apiUrl } : {}) },
      );
    }
    switch (report.outcome) {
      case "healthy":
        return 0;
      case "cancelled":
        core.setFailed(`Watch of ${environment} cancelled after ${report.windows.length} window(s)`);
        return 1;
      case "rollback-failed":
        core.setFailed(
          `Rollback of ${environment} FAILED (exit ${report.rollback?.exitCode}): ${report.rollback?.reason}`,
        );
        return 1;
      case "rolled-back":
        if (!core.getBooleanInput("fail_on_rollback")) {
          core.warning(`Rolled back ${environment}: ${report.rollback?.reason}`);
          return 0;
        }
        core.setFailed(`Rolled back ${environment}: ${report.rollback?.reason}`);
        return 1;
    }
  } catch (error) {
    core.setFailed(`Flightdeck watch: ${(error as Error).message}`);
    return 1;
  }
}

/** The earlier rolled-back watch on this commit (GET …/commits/{ref}/check-runs), or undefined. */
async function findPreviousRollback(
  token: string,
  repository: string,
  sha: string,
  environment: string,
  apiUrl: string | undefined,
): Promise<WatchReport | undefined> {
  const [owner, repo] = repository.split("/") as [string, string];
  const octokit = github.getOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
  try {
    const { data } = await octokit.rest.checks.listForRef({
      owner,
      repo,
      ref: sha,
      check_name: CHECK_NAMES.watch,
      per_page: 100,
    });
    return previousRollback(data.check_runs as ListedCheckRun[], environment);
  } catch (error) {
    // Without checks: read the watch still runs; a re-run could then roll back again, so say so.
    core.warning(
      `Could not read earlier "${CHECK_NAMES.watch}" check runs (HTTP ${(error as { status?: number }).status ?? "?"}); a re-run cannot tell whether this commit was already rolled back.`,
    );
    return undefined;
  }
}
