#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { ApplyError } from "../github/apply.js";
import { anthropicClient } from "../llm/anthropic.js";
import { LlmPlanError, PlanValidationError } from "../planner/index.js";
import { QaInputError } from "../qa/errors.js";
import { doctorCommand } from "./doctor.js";
import { examples } from "./help.js";
import { CliError, type CliIo, processIo } from "./io.js";
import { failedJobsCommand } from "./jobs.js";
import { addChecklistCommand, addLoadTestCommand, addQaCommand, addWatchCommand } from "./launch-commands.js";
import { addApplyCommand, addPlanCommand } from "./planning-commands.js";
import { addReportCommand } from "./report.js";
import { standupCommand } from "./standup.js";

/**
 * Runs the `flightdeck` CLI. @returns the exit code: 0 success, 1 failure, 2 bad usage.
 * Every failure prints one clear message to stderr; nothing is thrown.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const llm = () => (io.env.ANTHROPIC_API_KEY ? anthropicClient(io.env.ANTHROPIC_API_KEY) : undefined);
  const program = new Command()
    .name("flightdeck")
    .description("Plan epics into GitHub sub-issues with dependencies, roles, estimates and priorities.")
    .version(version(), "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) })
    .addHelpText(
      "after",
      examples([
        "flightdeck plan epic.md                      # the plan, readable in a terminal",
        "flightdeck apply epic.md --repo acme/shop --epic 42 --dry-run",
        "flightdeck qa --junit 'reports/**/*.xml' --coverage coverage/lcov.info",
        "flightdeck load-test https://staging.example.com/health --duration 30 --threshold 'p95<200'",
        "flightdeck help plan                         # every option of a command",
      ]),
    );

  addPlanCommand(program, io, llm);
  addApplyCommand(program, io, llm);
  addQaCommand(program, io);
  addChecklistCommand(program, io);

  program
    .command("doctor")
    .description(
      "pre-flight doctor: PASS / WARN / FAIL for each thing a launch needs, with the fix (GITHUB_TOKEN)",
    )
    .requiredOption("--repo <owner/name>", "the repository")
    .option(
      "--app-id <n>",
      "the Flightdeck App's id (default APP_ID): verifies required checks and rules come from it",
    )
    .option(
      "--private-key-path <file>",
      "the App's PEM key (default PRIVATE_KEY_PATH or PRIVATE_KEY): with the id, reads the installation and webhook deliveries as the App (JWT)",
    )
    .option("--check-llm", "make one tiny call to the configured model (ANTHROPIC_API_KEY)")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      examples([
        "GITHUB_TOKEN=… flightdeck doctor --repo acme/shop --app-id 123456",
        "GITHUB_TOKEN=… APP_ID=123456 PRIVATE_KEY_PATH=app.pem flightdeck doctor --repo acme/shop",
        "GITHUB_TOKEN=… flightdeck doctor --repo acme/shop --json | jq .cleared",
      ]),
    )
    .action(
      async (opts: {
        repo: string;
        appId?: string;
        privateKeyPath?: string;
        checkLlm?: boolean;
        json?: boolean;
      }) => {
        await doctorCommand(opts, io);
      },
    );

  program
    .command("standup")
    .description(
      "the standup digest of one epic or every open epic: done, in progress, blocked, at risk (GITHUB_TOKEN)",
    )
    .requiredOption("--repo <owner/name>", "the repository")
    .option("--epic <n>", "one epic (default: every open issue with the trigger label)")
    .option(
      "--since <date>",
      "done since this date or time (ISO 8601; default: the last digest, else 24 h ago)",
    )
    .option("--post", "post the digest as a comment on each epic (default: print it)")
    .option(
      "--summary",
      "open with a short AI summary (ANTHROPIC_API_KEY; within llm.maxCostUsd and the budget)",
    )
    .option("--app-id <n>", "the Flightdeck App's id (default APP_ID): reads the budget ledger")
    .option(
      "--private-key-path <file>",
      "the App's PEM key (default PRIVATE_KEY_PATH or PRIVATE_KEY): records the summary's cost in the ledger as the App",
    )
    .addHelpText(
      "after",
      examples([
        "GITHUB_TOKEN=… flightdeck standup --repo acme/shop --epic 42",
        "GITHUB_TOKEN=… flightdeck standup --repo acme/shop --since 2026-12-01 --post",
        "GITHUB_TOKEN=… ANTHROPIC_API_KEY=… APP_ID=123456 PRIVATE_KEY_PATH=app.pem flightdeck standup --repo acme/shop --post --summary",
      ]),
    )
    .action(
      async (opts: {
        repo: string;
        epic?: string;
        since?: string;
        post?: boolean;
        summary?: boolean;
        appId?: string;
        privateKeyPath?: string;
      }) => {
        await standupCommand(opts, io);
      },
    );

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

  addLoadTestCommand(program, io);
  addWatchCommand(program, io);

  addReportCommand(program, io, examples);

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

/** This package's version, from its package.json (two levels up from src/cli and dist/cli). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(pkg.version);
}

// Run when executed directly (bin or `tsx src/cli/index.ts`), not when imported by tests.
const self = fileURLToPath(import.meta.url);
if (process.argv[1] && realpathSync(process.argv[1]) === self) {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
