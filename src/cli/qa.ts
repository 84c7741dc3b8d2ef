import { readFile, writeFile } from "node:fs/promises";
import { glob } from "tinyglobby";
import { qaCriteria } from "../gates/qa.js";
import { combine } from "../gates/verdict.js";
import { PRIORITIES, type Priority } from "../planner/schema.js";
import { isTestFormat, TEST_FORMATS } from "../qa/formats.js";
import { buildQaReport, type InputFile } from "../qa/report.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import type { QaReport } from "../reports/schema.js";
import { readConfig } from "./inputs.js";
import { CliError, type CliIo } from "./io.js";
import { qaView } from "./report-view.js";

export interface QaCliOptions {
  /** Test reports (globs), any format of TEST_FORMATS. */
  tests?: string[];
  /** The older name of `tests`; both add up. */
  junit?: string[];
  /** A format name that overrides detection (`junit`, `jest-json`, …). */
  format?: string;
  coverage?: string[];
  json?: boolean;
  out?: string;
  defaultPriority?: string;
  sha?: string;
  /** A flightdeck.yml whose `gates.pullRequest.qa` judges the report (default: the defaults). */
  config?: string;
  /** false (`--no-fail`): exit 0 even on a red verdict. */
  fail?: boolean;
}

/**
 * Expands globs to files, in a stable order.
 * @throws CliError naming a glob that matches nothing
 */
export async function expandGlobs(
  patterns: string[],
  option: string,
  cwd = process.cwd(),
): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const matched = (
      await glob(pattern, { cwd, onlyFiles: true, dot: true, expandDirectories: false })
    ).sort();
    if (!matched.length) throw new CliError(`no file matches ${option} '${pattern}'`);
    files.push(...matched.filter((f) => !files.includes(f)));
  }
  return files;
}

/** Reads files for a parser. @throws CliError naming an unreadable file */
export async function readInputs(files: string[], cwd = process.cwd()): Promise<InputFile[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, content: await readFile(new URL(file, `file://${cwd}/`), "utf8") };
      } catch (error) {
        throw new CliError(
          `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }),
  );
}

/**
 * `flightdeck qa`: test reports (JUnit XML, NUnit 3, xUnit v2, TRX, Mocha/Jest/Cucumber JSON,
 * go test -json; detected from content unless --format names one) and coverage files → a
 * flightdeck.report/v1 QA report, printed as the job-summary Markdown (or JSON) and optionally
 * written to --out, then judged like the QA Action and the gate judge it (`gates.pullRequest.qa`
 * of --config, else the defaults: P0 tests pass, no failing test).
 * @throws CliError (exit 2 for a bad option) / QaInputError with a message naming the file;
 *   CliError (exit 1) on a red verdict unless `fail` is false
 */
export async function qaCommand(options: QaCliOptions, io: CliIo): Promise<QaReport> {
  const priority = (options.defaultPriority ?? "P1").toUpperCase();
  if (!PRIORITIES.includes(priority as Priority))
    throw new CliError(`--default-priority must be P0, P1 or P2, got "${options.defaultPriority}"`, 2);
  const patterns = [...(options.tests ?? []), ...(options.junit ?? [])];
  if (!patterns.length) throw new CliError("--tests is required: the test reports, as globs", 2);
  const format = options.format?.trim().toLowerCase();
  if (format && !isTestFormat(format))
    throw new CliError(
      `--format must be one of ${Object.keys(TEST_FORMATS).join(", ")}, got "${options.format}"`,
      2,
    );
  const junit = await readInputs(await expandGlobs(patterns, options.tests?.length ? "--tests" : "--junit"));
  const coverage = await readInputs(await expandGlobs(options.coverage ?? [], "--coverage"));
  const report = buildQaReport(junit, coverage, {
    defaultPriority: priority as Priority,
    now: io.now(),
    root: process.cwd(),
    ...(options.sha ? { sha: options.sha } : {}),
    ...(format && isTestFormat(format) ? { format } : {}),
  });
  if (options.out) await writeFile(options.out, reportJson(report));
  const policy = (await readConfig(options.config)).gates.pullRequest.qa;
  const verdict = combine(qaCriteria(policy, report, options.sha ?? "HEAD"));
  // A terminal gets plain lines; a pipe gets the job-summary Markdown (e.g. >> $GITHUB_STEP_SUMMARY).
  const summary = io.stdoutIsTTY ? qaView(report) : summaryMarkdown(report);
  io.stdout(options.json ? reportJson(report) : `${summary}\n\nVerdict: ${verdict.title}`);
  if (verdict.color === "red" && options.fail !== false)
    throw new CliError(`QA verdict is red: ${verdict.title} (--no-fail exits 0 anyway)`);
  return report;
}
