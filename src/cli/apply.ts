import { formatConfigProblems } from "../config/parse.js";
import type { Config } from "../config/schema.js";
import { applyPlan } from "../github/apply.js";
import { loadRepoConfig } from "../github/config.js";
import { FlightdeckOctokit, type Octokit } from "../github/octokit.js";
import { planHash } from "../markers.js";
import { makePlan, scheduleWithConfig } from "../planner/index.js";
import type { LlmClient } from "../planner/llm.js";
import { type Plan, validatePlan } from "../planner/schema.js";
import { plural } from "../text/plural.js";
import { readConfig, readInput } from "./inputs.js";
import { CliError, type CliIo } from "./io.js";
import { type Progress, progressBar } from "./progress.js";

export interface ApplyCliOptions {
  repo: string;
  epic: number;
  dryRun: boolean;
  config?: string;
  llm?: LlmClient;
}

/**
 * `flightdeck apply <file>`: materializes a plan on a repository through the same executor as
 * the app. The file is a Plan JSON (`flightdeck plan --json`) or an epic in Markdown, which is
 * planned first. Config comes from --config, else from the repository's default branch.
 * @throws CliError with a message for the user
 */
export async function applyCommand(file: string, options: ApplyCliOptions, io: CliIo): Promise<void> {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repo);
  if (!m) throw new CliError(`--repo must be OWNER/NAME, got "${options.repo}"`, 2);
  const [, owner, repo] = m as unknown as [string, string, string];
  const token = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
  if (!token)
    throw new CliError("GITHUB_TOKEN is not set: a token with issues:write on the repository is needed.", 2);
  const octokit =
    io.octokit?.(token) ??
    (new FlightdeckOctokit({
      auth: token,
      ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
    }) as Octokit);

  const text = await readInput(file, io);
  const config = options.config ? await readConfig(options.config) : await repoConfig(octokit, owner, repo);
  const plan = await planFrom(text, config, options.llm);
  let shown: Progress | undefined;
  // The bar appears with the first count of planned writes (after the epic's state is read).
  const bar = (done: number, planned: number) => {
    shown ??= progressBar(io.progress, planned, "Applying {bar} {value}/{total} writes");
    shown.setTotal(planned);
    shown.update(done);
  };
  const start = io.now();
  const schedule = scheduleWithConfig(plan, config, start, text);
  const result = await applyPlan(
    octokit,
    { owner, repo, epic: options.epic },
    {
      plan,
      config,
      assignees: schedule.assignees,
      planHash: planHash({ plan, source: "cli" }),
      dryRun: options.dryRun,
      log: { info: (t) => io.stderr(t), warn: (t) => io.stderr(`warning: ${t}`) },
      ...(options.dryRun ? {} : { progress: (done, planned) => bar(done, planned) }),
    },
  ).finally(() => shown?.stop());
  if (options.dryRun) {
    io.stdout(
      `Dry run: ${plural(result.plannedWrites.length, "write")} to ${owner}/${repo}#${options.epic} (nothing was written):`,
    );
    for (const w of result.plannedWrites) io.stdout(`  - ${w}`);
    return;
  }
  io.stdout(
    `Applied ${plural(plan.tasks.length, "task")} to ${owner}/${repo}#${options.epic}: ${plural(result.created.length, "sub-issue")} created, ` +
      `${plan.tasks.length - result.created.length} already there, ${plural(result.edgesAdded, "dependency", "dependencies")} added, ${plural(result.labelsCreated.length, "label")} created, ${plural(result.requests, "API request")}.`,
  );
  for (const [key, issue] of result.issues) io.stdout(`  ${key} → #${issue.number} ${issue.title}`);
  if (result.unknownUsers.length) io.stderr(`warning: not assignable: ${result.unknownUsers.join(", ")}`);
}

async function planFrom(text: string, config: Config, llm?: LlmClient): Promise<Plan> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new CliError(`the plan file is not valid JSON: ${(error as Error).message}`);
    }
    return validatePlan(json, config.planner.maxTasks);
  }
  return (await makePlan(text, config, llm)).plan;
}

async function repoConfig(octokit: Octokit, owner: string, repo: string): Promise<Config> {
  const { data } = await octokit.rest.repos.get({ owner, repo });
  const loaded = await loadRepoConfig(octokit, { owner, repo, defaultBranch: data.default_branch });
  if (!loaded.ok) throw new CliError(formatConfigProblems(loaded).replace(/\*\*/g, ""));
  return loaded.config;
}
