import { writeFile } from "node:fs/promises";
import { runShell } from "../deploy/shell.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import type { WatchReport } from "../reports/schema.js";
import { parseWatchRule, type WatchRule } from "../watch/core.js";
import { runWatch, WatchError } from "../watch/run.js";
import { CliError, type CliIo } from "./io.js";

export interface WatchCliOptions {
  rule?: string[];
  rollback: string;
  healthUrl?: string;
  loadUrl?: string;
  rate?: string;
  metricsUrl?: string;
  window: string;
  consecutive: string;
  duration: string;
  environment?: string;
  sha?: string;
  json?: boolean;
  out?: string;
}

const num = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${name} must be a positive number, got "${v}"`, 2);
  return n;
};

/**
 * `flightdeck watch`: watches a deployed service and runs --rollback on a breach (the same core
 * as actions/watch); prints the summary (or JSON), writes --out, and exits 1 unless healthy.
 * Ctrl-C (SIGINT) or SIGTERM ends the watch without rolling back. The rollback command gets
 * the caller's environment minus GITHUB_TOKEN, plus FLIGHTDECK_ROLLBACK_REASON.
 * @throws CliError for bad options (exit 2) and any outcome but healthy (exit 1)
 */
export async function watchCommand(
  options: WatchCliOptions,
  io: CliIo,
  signal?: AbortSignal,
): Promise<WatchReport> {
  let rules: WatchRule[];
  try {
    rules = (options.rule ?? []).map(parseWatchRule);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  const { GITHUB_TOKEN: _token, ...env } = io.env;
  let report: WatchReport;
  try {
    report = await runWatch({
      rules,
      rollbackCommand: options.rollback,
      ...(options.healthUrl ? { healthUrl: options.healthUrl } : {}),
      ...(options.loadUrl ? { loadUrl: options.loadUrl } : {}),
      ...(options.metricsUrl ? { metricsUrl: options.metricsUrl } : {}),
      ...(options.rate ? { rate: num("--rate", options.rate) as number } : {}),
      windowSec: num("--window", options.window) as number,
      consecutive: num("--consecutive", options.consecutive) as number,
      durationSec: num("--duration", options.duration) as number,
      shell: (command, reason) =>
        runShell(command, { ...env, FLIGHTDECK_ROLLBACK_REASON: reason }, io.stderr),
      ...(signal ? { signal } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
      ...(options.sha ? { sha: options.sha } : {}),
      log: (line) => io.stderr(line),
    });
  } catch (error) {
    if (error instanceof WatchError) throw new CliError(error.message, 2);
    throw error;
  }
  if (options.out) await writeFile(options.out, reportJson(report));
  io.stdout(options.json ? reportJson(report) : summaryMarkdown(report));
  if (report.outcome !== "healthy")
    throw new CliError(`watch ${report.outcome}${report.rollback ? `: ${report.rollback.reason}` : ""}`);
  return report;
}
