import { writeFile } from "node:fs/promises";
import * as core from "@actions/core";
import * as github from "@actions/github";
import { commandEnvironment } from "../deploy/env.js";
import { runDeployment } from "../deploy/run.js";
import { runShell } from "../deploy/shell.js";
import { githubDeployments } from "../github/deployments.js";
import type { Octokit } from "../github/octokit.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import { commitOf, number } from "./inputs.js";
import { publishCheckRun } from "./publish.js";

/**
 * The deploy Action (actions/deploy): for the environment the calling job declares (so GitHub's
 * required reviewers and protection rules, Flightdeck's included, have already said go), records
 * a GitHub deployment, runs the deploy command, smoke-tests, rolls back with a recorded reason
 * on failure, and publishes the report (file, summary, outputs, "Flightdeck Deploy" check run).
 * Commands and inputs arrive through environment variables, never spliced into a shell line.
 *
 * @returns 0 when deployed and smoke-tested, else 1
 */
export async function runDeployAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const environment = core.getInput("environment", { required: true });
    const deployCommand = core.getInput("deploy_command", { required: true });
    const rollbackCommand = core.getInput("rollback_command");
    const smokeUrl = core.getInput("smoke_url");
    const environmentUrl = core.getInput("environment_url");
    const reportPath = core.getInput("report_path") || "flightdeck-deploy-report.json";
    const sha = commitOf(env);
    if (!sha) throw new Error("no commit to deploy: set the sha input or run on a commit");
    if (smokeUrl && !/^https?:\/\//.test(smokeUrl))
      throw new Error(`smoke-url must be an http(s) URL, got "${smokeUrl}"`);
    const token = core.getInput("github_token");
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/") as [string, string];
    const octokit =
      token && owner
        ? (github.getOctokit(
            token,
            env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {},
          ) as unknown as Octokit)
        : undefined;

    // The commands do not inherit the Action's inputs (its GitHub token among them).
    const commandEnv = commandEnvironment(env, { FLIGHTDECK_ENVIRONMENT: environment, FLIGHTDECK_SHA: sha });
    const report = await runDeployment({
      environment,
      sha,
      deployCommand,
      ...(rollbackCommand ? { rollbackCommand } : {}),
      ...(smokeUrl
        ? {
            smoke: {
              url: smokeUrl,
              expectStatus: number(core.getInput("smoke_expect_status") || "200", "smoke-expect-status", {
                min: 100,
                max: 599,
                integer: true,
              }) as number,
              ...(core.getInput("smoke_body_match") ? { bodyMatch: core.getInput("smoke_body_match") } : {}),
              attempts: number(core.getInput("smoke_attempts") || "3", "smoke-attempts", {
                min: 1,
                max: 20,
                integer: true,
              }) as number,
              backoffMs: number(core.getInput("smoke_backoff_ms") || "2000", "smoke-backoff-ms", {
                min: 0,
                integer: true,
              }) as number,
              timeoutMs: number(core.getInput("smoke_timeout_ms") || "5000", "smoke-timeout-ms", {
                min: 1,
                integer: true,
              }) as number,
            },
          }
        : {}),
      ...(environmentUrl ? { environmentUrl } : {}),
      shell: (command) => runShell(command, commandEnv),
      ...(octokit ? { recorder: githubDeployments(octokit, { owner, repo }) } : {}),
      log: (line) => core.info(line),
    });

    await writeFile(reportPath, reportJson(report));
    await core.summary.addRaw(summaryMarkdown(report)).write();
    core.setOutput("outcome", report.outcome);
    core.setOutput("reason", report.rollback?.reason ?? "");
    core.setOutput("report-path", reportPath);
    if (token && owner) {
      await publishCheckRun(report, report.outcome === "success" ? "success" : "failure", {
        token,
        sha,
        repository: `${owner}/${repo}`,
        ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
      });
    }
    if (report.outcome !== "success") {
      core.setFailed(
        `Deploy to ${environment} ${report.outcome === "rolled_back" ? "rolled back" : "failed"}: ${report.rollback?.reason ?? "unknown reason"}`,
      );
      return 1;
    }
    return 0;
  } catch (error) {
    core.setFailed(`Flightdeck deploy: ${(error as Error).message}`);
    return 1;
  }
}
