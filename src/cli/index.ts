#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { ApplyError } from "../github/apply.js";
import { anthropicClient } from "../llm/anthropic.js";
import { LlmPlanError, PlanValidationError } from "../planner/index.js";
import { QaInputError } from "../qa/errors.js";
import { applyCommand } from "./apply.js";
import { checklistCommand } from "./checklist.js";
import { isoDateOption, positiveInt, readConfig, readInput } from "./inputs.js";
import { CliError, type CliIo, processIo } from "./io.js";
import { failedJobsCommand } from "./jobs.js";
import { loadTestCommand } from "./load-test.js";
import { planOffline } from "./plan.js";
import { qaCommand } from "./qa.js";

/**
 * Runs the `flightdeck` CLI. @returns the exit code: 0 success, 1 failure, 2 bad usage.
 * Every failure prints one clear message to stderr; nothing is thrown.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const llm = () => (io.env.ANTHROPIC_API_KEY ? anthropicClient(io.env.ANTHROPIC_API_KEY) : undefined);
  const program = new Command()
    .name("flightdeck")
    .description("Plan epics into GitHub sub-issues with dependencies, roles, estimates and priorities.")
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) });

  program
    .command("plan")
    .description("print the plan preview the app would post (or the Plan JSON) for an epic")
    .argument("<file>", "epic in Markdown, or - for stdin")
    .option("--json", "print the Plan JSON instead of the preview")
    .option("--max-tasks <n>", "most tasks allowed in the plan")
    .option("--config <path>", "a flightdeck.yml to use (default: built-in defaults)")
    .option("--epic <n>", "epic issue number shown in the preview", "1")
    .option("--start <date>", "first working day for the forecast (YYYY-MM-DD; default today)")
    .action(
      async (
        file: string,
        opts: { json?: boolean; maxTasks?: string; config?: string; epic: string; start?: string },
      ) => {
        const config = await readConfig(opts.config);
        if (opts.maxTasks) config.planner.maxTasks = positiveInt("--max-tasks", opts.maxTasks);
        const text = await readInput(file, io);
        const client = llm();
        const result = await planOffline(text, config, {
          epic: positiveInt("--epic", opts.epic),
          start: opts.start ? isoDateOption("--start", opts.start) : io.now(),
          ...(client ? { llm: client } : {}),
        });
        io.stdout(opts.json ? JSON.stringify(result.plan, null, 2) : result.preview);
      },
    );

  program
    .command("apply")
    .description("create the plan's sub-issues, dependencies and labels on a repository (GITHUB_TOKEN)")
    .argument("<file>", "Plan JSON from `flightdeck plan --json`, or an epic in Markdown")
    .requiredOption("--repo <owner/name>", "the repository")
    .requiredOption("--epic <n>", "the epic's issue number")
    .option("--dry-run", "list the writes without making them")
    .option("--config <path>", "a flightdeck.yml to use (default: the repository's, from its default branch)")
    .action(async (file: string, opts: { repo: string; epic: string; dryRun?: boolean; config?: string }) => {
      const client = llm();
      await applyCommand(
        file,
        {
          repo: opts.repo,
          epic: positiveInt("--epic", opts.epic),
          dryRun: Boolean(opts.dryRun),
          ...(opts.config ? { config: opts.config } : {}),
          ...(client ? { llm: client } : {}),
        },
        io,
      );
    });

  program
    .command("qa")
    .description("turn JUnit XML and coverage files into a Flightdeck QA report")
    .requiredOption("--junit <glob...>", "JUnit XML reports (globs)")
    .option(
      "--coverage <file...>",
      "coverage files: lcov, Istanbul coverage-summary.json or Cobertura XML (globs)",
    )
    .option("--json", "print the report JSON instead of the summary")
    .option("--out <file>", "write the report JSON to a file")
    .option("--default-priority <P0|P1|P2>", "priority of tests that state none", "P1")
    .option("--sha <sha>", "commit the report is about")
    .action(
      async (opts: {
        junit: string[];
        coverage?: string[];
        json?: boolean;
        out?: string;
        defaultPriority: string;
        sha?: string;
      }) => {
        await qaCommand(opts, io);
      },
    );

  program
    .command("checklist")
    .description("print a release's readiness checklist, or open it as an issue with --repo (GITHUB_TOKEN)")
    .argument("<version>", "the release, e.g. v1.4.0")
    .option("--config <path>", "a flightdeck.yml with release.checklistTemplate / checklistLabel")
    .option("--repo <owner/name>", "open the checklist issue on this repository")
    .action(async (version: string, opts: { config?: string; repo?: string }) => {
      await checklistCommand(version, opts, io);
    });

  program
    .command("jobs")
    .description("the app's job queue on Redis (REDIS_URL)")
    .command("failed")
    .description("list the most recent failed jobs with their errors, newest first")
    .option("--limit <n>", "how many", "20")
    .option("--json", "print JSON")
    .action(async (opts: { limit: string; json?: boolean }) => {
      await failedJobsCommand(opts, io);
    });

  const collect = (v: string, all: string[] = []) => [...all, v];
  program
    .command("load-test")
    .description("load-test an http(s) URL with exact latency percentiles and thresholds")
    .argument("<url>", "the target (http or https)")
    .option("--method <method>", "HTTP method", "GET")
    .option("--header <name: value>", "request header (repeatable)", collect)
    .option(
      "--secret-header <name: value>",
      "request header whose value is never printed (repeatable)",
      collect,
    )
    .option("--body <text>", "request body")
    .option("--connections <n>", "concurrent connections", "10")
    .option("--duration <seconds>", "run length (default 10 s unless --amount is given)")
    .option("--amount <n>", "total requests instead of a duration")
    .option("--rate <n>", "cap on requests per second")
    .option("--warmup <seconds>", "unmeasured warm-up before the run")
    .option(
      "--threshold <expr>",
      "pass/fail threshold, e.g. p95<200, error_rate<0.01, rps>500 (repeatable)",
      collect,
    )
    .option("--json", "print the report JSON")
    .option("--out <file>", "write the report JSON to a file")
    .option("--sha <sha>", "commit the report is about")
    .action(async (url: string, opts: Record<string, string | string[] | boolean | undefined>) => {
      if (opts.duration !== undefined && opts.amount !== undefined)
        throw new CliError("give --duration or --amount, not both", 2);
      await loadTestCommand(url, opts as never, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.stderr(`flightdeck: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof PlanValidationError) {
      io.stderr(`flightdeck: the plan is invalid:\n${error.issues.map((i) => `  - ${i}`).join("\n")}`);
      return 1;
    }
    if (error instanceof LlmPlanError || error instanceof ApplyError || error instanceof QaInputError) {
      io.stderr(`flightdeck: ${error.message}`);
      return 1;
    }
    io.stderr(`flightdeck: unexpected error: ${(error as Error).message}`);
    return 1;
  }
}

// Run when executed directly (bin or `tsx src/cli/index.ts`), not when imported by tests.
const self = fileURLToPath(import.meta.url);
if (process.argv[1] && realpathSync(process.argv[1]) === self) {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
