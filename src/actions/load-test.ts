import { writeFile } from "node:fs/promises";
import * as core from "@actions/core";
import { parseHeaders } from "../cli/load-test.js";
import { failedThresholdsMessage } from "../load/format.js";
import { runLoadTest } from "../load/run.js";
import { parseThreshold } from "../load/thresholds.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import { urlSecrets } from "../text/redact.js";
import { commitOf, number } from "./inputs.js";
import { publishCheckRun } from "./publish.js";

const lines = (input: string) =>
  input
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The load-test Action (actions/load-test): runs the load test, writes the report JSON, a job
 * summary with a latency chart, outputs and the "Flightdeck Load Test" check run, and fails the
 * step when a threshold fails. Secret header values are registered with the runner's log masking
 * and never printed.
 *
 * @returns 0, or 1 when a threshold fails (and fail-on-threshold is true) or the run is unusable
 */
export async function runLoadTestAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const url = core.getInput("url", { required: true });
    // Credentials in the URL are masked in the runner's log like secret headers.
    for (const value of urlSecrets(url)) core.setSecret(value);
    const secret = parseHeaders(lines(core.getInput("secret_headers")), "secret_headers", true);
    for (const value of Object.values(secret)) core.setSecret(value);
    const headers = parseHeaders(lines(core.getInput("headers")), "headers");
    const thresholds = lines(core.getInput("thresholds")).map(parseThreshold);
    const amount = number(core.getInput("amount"), "amount", { min: 1, integer: true });
    const duration = number(core.getInput("duration") || (amount === undefined ? "10" : ""), "duration", {
      min: 1,
      max: 3600,
    });
    const sha = commitOf(env);
    const reportPath = core.getInput("report_path") || "flightdeck-load-report.json";
    const report = await runLoadTest({
      url,
      method: core.getInput("method") || "GET",
      headers: { ...headers, ...secret },
      secretHeaders: Object.keys(secret),
      ...(core.getInput("body") ? { body: core.getInput("body") } : {}),
      connections: number(core.getInput("connections") || "10", "connections", {
        min: 1,
        max: 10_000,
        integer: true,
      }) as number,
      ...(amount !== undefined ? { amount } : { durationSec: duration as number }),
      ...(core.getInput("rate") ? { rate: number(core.getInput("rate"), "rate", { min: 1 }) as number } : {}),
      ...(core.getInput("warmup")
        ? { warmupSec: number(core.getInput("warmup"), "warmup", { min: 0, max: 600 }) as number }
        : {}),
      thresholds,
      ...(sha ? { sha } : {}),
    });
    await writeFile(reportPath, reportJson(report));
    await core.summary.addRaw(summaryMarkdown(report)).write();
    const failed = report.thresholds.filter((t) => !t.pass);
    core.setOutput("rps", report.rps);
    core.setOutput("p95", report.latencyMs.p95);
    core.setOutput("error-rate", report.errorRate);
    core.setOutput("passed", failed.length === 0);
    core.setOutput("report-path", reportPath);
    const token = core.getInput("github_token");
    if (token && sha && env.GITHUB_REPOSITORY) {
      await publishCheckRun(report, failed.length ? "failure" : "success", {
        token,
        sha,
        repository: env.GITHUB_REPOSITORY,
        ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
      });
    }
    if (failed.length && core.getBooleanInput("fail_on_threshold")) {
      core.setFailed(failedThresholdsMessage(failed).replace(/^t/, "T"));
      return 1;
    }
    return 0;
  } catch (error) {
    core.setFailed(`Flightdeck load test: ${(error as Error).message}`);
    return 1;
  }
}
