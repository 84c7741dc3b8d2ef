import type { Command } from "commander";
import { checklistCommand } from "./checklist.js";
import { examples } from "./help.js";
import { CliError, type CliIo } from "./io.js";
import { loadTestCommand } from "./load-test.js";
import { qaCommand } from "./qa.js";
import { watchCommand } from "./watch.js";

/** Commander's collector of a repeatable option's values, in order. */
const collect = (v: string, all: string[] = []) => [...all, v];

/** `flightdeck qa`: test reports and coverage files → a Flightdeck QA report and its verdict. */
export function addQaCommand(program: Command, io: CliIo): void {
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
}

/** `flightdeck checklist <version>`: a release's readiness checklist, printed or opened as an issue. */
export function addChecklistCommand(program: Command, io: CliIo): void {
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
}

/** `flightdeck load-test <url>`: a load test with exact percentiles and thresholds → a load report. */
export function addLoadTestCommand(program: Command, io: CliIo): void {
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
}

/** `flightdeck watch`: the post-launch watch of a deployed service, rolling back on a breach (SIGINT/SIGTERM stop it). */
export function addWatchCommand(program: Command, io: CliIo): void {
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
}
