#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { ApplyError } from "../github/apply.js";
import { anthropicClient } from "../llm/anthropic.js";
import { LlmPlanError, PlanValidationError } from "../planner/index.js";
import { QaInputError } from "../qa/errors.js";
import { applyCommand } from "./apply.js";
import { checklistCommand } from "./checklist.js";
import { doctorCommand } from "./doctor.js";
import { isoDateOption, positiveInt, readConfig, readInput } from "./inputs.js";
import { CliError, type CliIo, processIo } from "./io.js";
import { failedJobsCommand } from "./jobs.js";
import { loadTestCommand } from "./load-test.js";
import { planOffline } from "./plan.js";
import { renderPlanView } from "./plan-view.js";
import { qaCommand } from "./qa.js";
import { addReportCommand } from "./report.js";
import { standupCommand } from "./standup.js";
import { watchCommand } from "./watch.js";

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

  program
    .command("plan")
    .description("print the plan preview the app would post (or the Plan JSON) for an epic")
    .argument("<file>", "epic in Markdown, or - for stdin")
    .addOption(
      new Option(
        "--format <format>",
        "text: a readable view (default on a terminal); md: the preview Markdown the app posts (default when piped); json: the Plan JSON",
      ).choices(["text", "md", "json"]),
    )
    .option("--json", "the same as --format json")
    .option("--max-tasks <n>", "most tasks allowed in the plan")
    .option("--config <path>", "a flightdeck.yml to use (default: built-in defaults)")
    .option("--epic <n>", "epic issue number shown in the preview", "1")
    .option("--title <text>", "the epic issue's title, as the app passes it to the planner")
    .option("--start <date>", "first working day for the forecast (YYYY-MM-DD; default today)")
    .action(
      async (
        file: string,
        opts: {
          format?: "text" | "md" | "json";
          json?: boolean;
          maxTasks?: string;
          config?: string;
          epic: string;
          title?: string;
          start?: string;
        },
      ) => {
        const config = await readConfig(opts.config);
        if (opts.maxTasks) config.planner.maxTasks = positiveInt("--max-tasks", opts.maxTasks);
        const text = await readInput(file, io);
        const client = llm();
        const epic = positiveInt("--epic", opts.epic);
        const start = opts.start ? isoDateOption("--start", opts.start) : io.now();
        const result = await planOffline(text, config, {
          epic,
          start,
          ...(opts.title ? { title: opts.title } : {}),
          ...(client ? { llm: client } : {}),
        });
        const format = opts.json ? "json" : (opts.format ?? (io.stdoutIsTTY ? "text" : "md"));
        if (format === "json") io.stdout(JSON.stringify(result.plan, null, 2));
        else if (format === "md") io.stdout(result.preview);
        else
          io.stdout(
            renderPlanView(result, {
              epic,
              start: start.toISOString().slice(0, 10),
              ...(io.columns ? { columns: io.columns } : {}),
            }),
          );
      },
    )
    .addHelpText(
      "after",
      examples([
        "flightdeck plan epic.md --epic 42            # task table, dependencies, critical path, forecast",
        "flightdeck plan epic.md --format md > preview.md",
        "flightdeck plan epic.md --format json > plan.json",
        "cat epic.md | flightdeck plan - --config .github/flightdeck.yml --start 2025-02-03",
      ]),
    );

  program
    .command("apply")
    .description("create the plan's sub-issues, dependencies and labels on a repository (GITHUB_TOKEN)")
    .argument("<file>", "Plan JSON from `flightdeck plan --json`, or an epic in Markdown")
    .requiredOption("--repo <owner/name>", "the repository")
    .requiredOption("--epic <n>", "the epic's issue number")
    .option("--dry-run", "list the writes without making them")
    .option("--config <path>", "a flightdeck.yml to use (default: the repository's, from its default branch)")
    .addHelpText(
      "after",
      examples([
        "GITHUB_TOKEN=… flightdeck apply epic.md --repo acme/shop --epic 42 --dry-run",
        "flightdeck plan epic.md --format json > plan.json && flightdeck apply plan.json --repo acme/shop --epic 42",
      ]),
    )
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
    .description("turn test reports and coverage files into a Flightdeck QA report")
    .option(
      "--tests <glob...>",
      "test reports (globs): JUnit XML, NUnit 3, xUnit v2, TRX, Mocha/Jest/Cucumber JSON, go test -json",
    )
    .option("--junit <glob...>", "the older name of --tests")
    .option(
      "--format <name>",
      "the reports' format, when detection from content is wrong: junit, nunit3, xunit2, trx, mocha-json, jest-json, go-test-json, cucumber-json",
    )
    .option(
      "--coverage <file...>",
      "coverage files: lcov, Istanbul coverage-summary.json or Cobertura XML (globs)",
    )
    .option("--json", "print the report JSON instead of the summary")
    .option("--out <file>", "write the report JSON to a file")
    .option("--default-priority <P0|P1|P2>", "priority of tests that state none", "P1")
    .option("--sha <sha>", "commit the report is about")
    .option(
      "--config <path>",
      "a flightdeck.yml whose gates.pullRequest.qa judges the report (default: P0 tests pass, no failing test)",
    )
    .option("--no-fail", "exit 0 even when the verdict is red (default: exit 1, like the QA Action)")
    .addHelpText(
      "after",
      examples([
        "flightdeck qa --junit 'test-results/**/*.xml' --coverage coverage/lcov.info",
        "flightdeck qa --junit junit.xml --out qa.json --sha $(git rev-parse HEAD)",
        "flightdeck qa --junit junit.xml --no-fail     # report only, never exit 1",
      ]),
    )
    .action(
      async (opts: {
        tests?: string[];
        junit?: string[];
        format?: string;
        coverage?: string[];
        json?: boolean;
        out?: string;
        defaultPriority: string;
        sha?: string;
        config?: string;
        fail: boolean;
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
    .addHelpText(
      "after",
      examples([
        "flightdeck checklist v1.4.0",
        "GITHUB_TOKEN=… flightdeck checklist v1.4.0 --repo acme/shop --config .github/flightdeck.yml",
      ]),
    )
    .action(async (version: string, opts: { config?: string; repo?: string }) => {
      await checklistCommand(version, opts, io);
    });

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
    .addHelpText(
      "after",
      examples([
        "flightdeck load-test https://staging.example.com/health --duration 30 --threshold 'p95<200'",
        "flightdeck load-test https://staging.example.com/api --amount 5000 --connections 50 --threshold 'error_rate<0.01'",
        "flightdeck load-test https://staging.example.com/api --secret-header 'Authorization: Bearer $TOKEN' --out load.json",
      ]),
    )
    .action(async (url: string, opts: Record<string, string | string[] | boolean | undefined>) => {
      if (opts.duration !== undefined && opts.amount !== undefined)
        throw new CliError("give --duration or --amount, not both", 2);
      await loadTestCommand(url, opts as never, io);
    });

  program
    .command("watch")
    .description("watch a deployed service and run the rollback command on a breach")
    .requiredOption(
      "--rule <expr>",
      "health, p95<200, error_rate<0.01 or metric:PATH<N (repeatable)",
      collect,
    )
    .requiredOption("--rollback <command>", "command (bash) run on a breach")
    .option("--health-url <url>", "probed once per window (the health rule)")
    .option("--load-url <url>", "target of the low-rate synthetic requests (p95, error_rate rules)")
    .option("--rate <n>", "synthetic requests per second", "2")
    .option("--metrics-url <url>", "JSON document read once per window (metric:PATH rules)")
    .option("--window <seconds>", "window length", "60")
    .option("--consecutive <n>", "failing windows in a row that trigger the rollback", "3")
    .option("--duration <seconds>", "total watch time", "900")
    .option("--environment <name>", "environment shown in the report")
    .option("--sha <sha>", "commit the report is about")
    .option("--json", "print the report JSON")
    .option("--out <file>", "write the report JSON to a file")
    .action(async (opts: Parameters<typeof watchCommand>[0]) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        await watchCommand(opts, io, controller.signal);
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });

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

/** The "Examples:" block shown after a command's help. */
function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
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
