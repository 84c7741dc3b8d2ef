import { writeFile } from "node:fs/promises";
import { failedThresholdsMessage } from "../load/format.js";
import { LoadTestError, maskHeaders, runLoadTest } from "../load/run.js";
import { parseThreshold } from "../load/thresholds.js";
import { reportJson, summaryMarkdown } from "../reports/publish.js";
import type { LoadReport } from "../reports/schema.js";
import { CliError, type CliIo } from "./io.js";
import { progressBar } from "./progress.js";
import { loadView } from "./report-view.js";

export interface LoadCliOptions {
  method?: string;
  header?: string[];
  secretHeader?: string[];
  body?: string;
  connections?: string;
  duration?: string;
  amount?: string;
  rate?: string;
  warmup?: string;
  threshold?: string[];
  json?: boolean;
  out?: string;
  sha?: string;
}

/**
 * Parses `Name: value` header options.
 * @param option the option named in errors (`--header`, `--secret-header`, `secret_headers`)
 * @param secret when true, a malformed entry is never echoed (it may be a bare token): the
 *   error names its position only
 * @throws CliError (usage)
 */
export function parseHeaders(
  values: string[] = [],
  option = "--header",
  secret = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, h] of values.entries()) {
    const i = h.indexOf(":");
    if (i <= 0) {
      const got = secret ? `entry ${n + 1} is not (its value is not shown)` : `got "${h}"`;
      throw new CliError(`${option} must look like "Name: value", ${got}`, 2);
    }
    out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

const num = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${name} must be a positive number, got "${v}"`, 2);
  return n;
};

/**
 * `flightdeck load-test URL`: runs the load test, prints the summary (or JSON), writes --out,
 * and exits 1 when a threshold fails. Secret header values never appear in the output.
 * @throws CliError for bad options and failed runs
 */
export async function loadTestCommand(url: string, options: LoadCliOptions, io: CliIo): Promise<LoadReport> {
  const headers = parseHeaders(options.header);
  const secret = parseHeaders(options.secretHeader, "--secret-header", true);
  let thresholds: ReturnType<typeof parseThreshold>[];
  try {
    thresholds = (options.threshold ?? []).map(parseThreshold);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  const durationSec = num("--duration", options.duration);
  const amount = num("--amount", options.amount);
  const bar =
    amount !== undefined
      ? progressBar(io.progress, amount, "Load test {bar} {value}/{total} requests | {rps} req/s", { rps: 0 })
      : progressBar(
          io.progress,
          durationSec ?? 10,
          "Load test {bar} {value}/{total} s | {done} responses | {rps} req/s",
          {
            rps: 0,
            done: 0,
          },
        );
  let report: LoadReport;
  try {
    report = await runLoadTest({
      url,
      ...(options.method ? { method: options.method } : {}),
      headers: { ...headers, ...secret },
      secretHeaders: Object.keys(secret),
      ...(options.body !== undefined ? { body: options.body } : {}),
      connections: num("--connections", options.connections) ?? 10,
      ...(amount !== undefined ? { amount } : { durationSec: durationSec ?? 10 }),
      ...(options.rate ? { rate: num("--rate", options.rate) as number } : {}),
      ...(options.warmup ? { warmupSec: num("--warmup", options.warmup) as number } : {}),
      thresholds,
      ...(options.sha ? { sha: options.sha } : {}),
      now: io.now,
      onProgress: (p) =>
        bar.update(amount !== undefined ? p.completed : Math.floor(p.elapsedMs / 1000), {
          rps: p.rps,
          done: p.completed,
        }),
    });
  } catch (error) {
    if (error instanceof LoadTestError)
      throw new CliError(error.message, /^(give|only|--|")/.test(error.message) ? 2 : 1);
    throw error;
  } finally {
    bar.stop();
  }
  if (options.out) await writeFile(options.out, reportJson(report));
  const shown = Object.keys({ ...headers, ...secret }).length
    ? `\nHeaders: ${JSON.stringify(maskHeaders({ ...headers, ...secret }, Object.keys(secret)))}`
    : "";
  const summary = io.stdoutIsTTY ? loadView(report) : summaryMarkdown(report);
  io.stdout(options.json ? reportJson(report) : `${summary}${shown}`);
  const failed = report.thresholds.filter((t) => !t.pass);
  if (failed.length) throw new CliError(failedThresholdsMessage(failed));
  return report;
}
