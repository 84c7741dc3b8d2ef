import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import * as github from "@actions/github";
import { expandGlobs, readInputs } from "../cli/qa.js";
import { type ConfigResult, formatConfigProblems, parseConfig } from "../config/parse.js";
import { CONFIG_PATH } from "../config/schema.js";
import { evaluatePullRequestGate, type Review } from "../gates/pull-request.js";
import { verdictMarkdown } from "../gates/verdict.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { authorizeWriter } from "../github/permissions.js";
import { parseReport } from "../reports/publish.js";
import type { QaReport } from "../reports/schema.js";
import { commitOf, exitForVerdict, list, readEvent } from "./inputs.js";

/**
 * The gate Action (actions/gate): evaluates `gates.pullRequest` inside a workflow from report
 * files, with no app installed. The policy is read from the default branch through the API (a
 * pull request cannot weaken its own gate), or from the workspace when no token is given.
 * Reviews count as role approvals when the run belongs to a pull request and the token can read
 * them; `/flightdeck go` commands need the app. Writes a job summary and outputs.
 *
 * @returns 0, or 1 when the verdict is red (and fail-on-red is true) or an input is unusable
 */
export async function runGateAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const event = readEvent(env);
    const token = core.getInput("github_token");
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "/").split("/") as [string, string];
    const octokit = token
      ? (github.getOctokit(
          token,
          env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {},
        ) as unknown as Octokit)
      : undefined;

    const configPath = core.getInput("config") || CONFIG_PATH;
    let loaded: ConfigResult;
    if (octokit && owner && event.repository?.default_branch && configPath === CONFIG_PATH) {
      loaded = await loadRepoConfig(octokit, { owner, repo, defaultBranch: event.repository.default_branch });
    } else {
      core.info(
        `Reading the policy from ${configPath} in the workspace (no token, or a custom config path).`,
      );
      loaded = parseConfig(readOptional(configPath), configPath);
    }
    if (!loaded.ok) throw new Error(formatConfigProblems(loaded).replace(/\*\*/g, ""));

    const sha = commitOf(env) ?? "";
    const files = await readInputs(
      await expandGlobs(list(core.getInput("reports") || "flightdeck-*-report.json"), "reports"),
    );
    const qaReports: QaReport[] = [];
    for (const f of files) {
      const parsed = parseReport(f.content, f.file);
      if (!parsed.ok) throw new Error(parsed.error);
      if (parsed.report.kind === "qa" && (!parsed.report.sha || !sha || parsed.report.sha === sha))
        qaReports.push(parsed.report);
    }

    const pr = event.pull_request;
    let reviews: Review[] = [];
    const writers = new Set<string>();
    if (octokit && pr) {
      reviews = (
        await octokit.paginate(octokit.rest.pulls.listReviews, {
          owner,
          repo,
          pull_number: pr.number,
          per_page: 100,
        })
      ).map((r) => ({
        user: r.user?.login ?? "",
        state: r.state,
        commitId: r.commit_id ?? "",
        submittedAt: r.submitted_at ?? "",
      }));
      for (const login of new Set(reviews.map((r) => r.user))) {
        if ((await authorizeWriter(octokit, owner, repo, login)).allowed) writers.add(login.toLowerCase());
      }
    } else if (loaded.config.gates.pullRequest.approvals.length) {
      core.warning(
        "Role approvals cannot be counted here (no pull request or no token): they count as missing.",
      );
    }

    const verdict = evaluatePullRequestGate(loaded.config.gates.pullRequest, {
      headSha: pr?.head?.sha ?? sha,
      author: pr?.user?.login ?? "",
      ...(qaReports[0] ? { qaReport: qaReports[0] } : {}),
      reviews,
      commands: [],
      team: loaded.config.team,
      canWrite: (login) => writers.has(login.toLowerCase()),
    });
    await core.summary
      .addRaw(`### Flightdeck Go/No-Go\n\n${verdict.title}\n\n${verdictMarkdown(verdict)}\n`)
      .write();
    core.setOutput("verdict", verdict.decision);
    core.setOutput("color", verdict.color);
    core.setOutput("conclusion", verdict.conclusion);
    core.setOutput(
      "reasons",
      verdict.criteria
        .filter((c) => c.status !== "pass")
        .map((c) => c.reason)
        .join("\n"),
    );
    return exitForVerdict(verdict);
  } catch (error) {
    core.setFailed(`Flightdeck gate: ${(error as Error).message}`);
    return 1;
  }
}

function readOptional(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
