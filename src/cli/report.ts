import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { FlightdeckOctokit, type Octokit } from "../github/octokit.js";
import { buildCustomReport, CustomReportError, checksFromJson, parseCheckSpec } from "../reports/custom.js";
import { runProvenance } from "../reports/provenance.js";
import { checkName, reportCheckOutput, reportJson, summaryMarkdown } from "../reports/publish.js";
import { CliError, type CliIo } from "./io.js";

interface ReportOptions {
  check?: string[];
  from?: string;
  title?: string;
  sha?: string;
  out?: string;
  json?: boolean;
  publish?: boolean;
  fail: boolean;
}

/**
 * `flightdeck report <name>`: a custom evidence report (accessibility, E2E, …) of named pass/fail
 * checks, printed as Markdown (or JSON), written with --out, and with --publish created as the
 * "Flightdeck Report: <name>" check run on the commit (POST /repos/{o}/{r}/check-runs with
 * GITHUB_TOKEN, GITHUB_REPOSITORY and --sha or GITHUB_SHA; stamped with GITHUB_WORKFLOW_REF and
 * GITHUB_RUN_ID so the app can tell which workflow run produced it). Exits 1 when a check fails
 * (unless --no-fail). @throws CliError for bad input or a missing token
 */
export async function reportCommand(name: string, opts: ReportOptions, io: CliIo): Promise<void> {
  const checks = [...(opts.check ?? []).map(parseCheckSpec)];
  if (opts.from) {
    const text = await readFile(opts.from, "utf8").catch((error: Error) => {
      throw new CliError(`cannot read --from ${opts.from}: ${error.message}`, 2);
    });
    checks.push(...checksFromJson(text, opts.from));
  }
  const sha = opts.sha ?? io.env.GITHUB_SHA;
  if (sha && !/^[0-9a-f]{7,40}$/.test(sha)) throw new CliError(`--sha must be a commit SHA, got "${sha}"`, 2);
  const repository = io.env.GITHUB_REPOSITORY;
  const base = buildCustomReport({
    name,
    checks,
    now: io.now(),
    ...(opts.title ? { title: opts.title } : {}),
    ...(sha ? { sha } : {}),
    ...(repository ? { repository } : {}),
  });
  const report = sha && repository ? { ...base, ...runProvenance(io.env, { sha, repository }) } : base;
  if (opts.out) await writeFile(opts.out, reportJson(report));
  io.stdout(opts.json ? reportJson(report) : summaryMarkdown(report));
  if (opts.publish) {
    const token = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
    if (!token || !sha || !repository) {
      throw new CliError(
        "--publish needs GITHUB_TOKEN (with checks: write), GITHUB_REPOSITORY and --sha or GITHUB_SHA (all set in a workflow run)",
        2,
      );
    }
    const [owner, repo] = repository.split("/") as [string, string];
    const octokit = io.octokit?.(token) ?? (new FlightdeckOctokit({ auth: token }) as Octokit);
    const output = reportCheckOutput(report);
    await octokit.rest.checks.create({
      owner,
      repo,
      name: checkName(report),
      head_sha: sha,
      status: "completed",
      conclusion: report.checks.every((c) => c.pass) ? "success" : "failure",
      completed_at: io.now().toISOString(),
      output,
    });
    io.stderr(`published the "${checkName(report)}" check run on ${sha.slice(0, 7)}`);
  }
  const failed = report.checks.filter((c) => !c.pass).length;
  if (failed && opts.fail)
    throw new CliError(`${failed} of ${report.checks.length} ${name} checks failed`, 1);
}

/** Registers `report` on the CLI program (kept here so src/cli/index.ts stays small). */
export function addReportCommand(program: Command, io: CliIo, examples: (lines: string[]) => string): void {
  program
    .command("report")
    .description("a custom evidence report (accessibility, E2E, …) of named pass/fail checks")
    .argument("<name>", "the report's name, lowercase: accessibility, e2e, …")
    .option("--check <NAME=pass|fail[:detail]>", "one check (repeatable)", (v: string, p: string[] = []) => [
      ...p,
      v,
    ])
    .option("--from <file>", 'checks from JSON: [{ "name": …, "pass": true, "detail"?: …, "url"?: … }]')
    .option("--title <text>", "what the checks are about")
    .option("--sha <sha>", "commit the report is about (default GITHUB_SHA)")
    .option("--out <file>", "write the report JSON to a file")
    .option("--json", "print the report JSON")
    .option("--publish", 'create the "Flightdeck Report: <name>" check run (GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .option("--no-fail", "exit 0 even when a check fails")
    .addHelpText(
      "after",
      examples([
        'flightdeck report accessibility --check "contrast=pass" --check "keyboard=fail:2 traps" --publish',
        "flightdeck report e2e --from e2e-results.json --out e2e-report.json",
      ]),
    )
    .action(async (name: string, opts: ReportOptions) => {
      try {
        await reportCommand(name, opts, io);
      } catch (error) {
        if (error instanceof CustomReportError) throw new CliError(error.message, 2);
        throw error;
      }
    });
}
