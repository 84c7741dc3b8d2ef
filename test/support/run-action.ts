import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

/** What a bundled Action run left behind. */
export interface ActionRun {
  code: number;
  stdout: string;
  /** Outputs written to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** The job summary written to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The run's scratch folder (its cwd unless one was given). */
  dir: string;
}

/**
 * Runs a committed Action bundle (actions/<name>/dist/index.mjs) the way its composite step does:
 * a fresh `node` process, inputs as INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 * `inputs` keys are input names with underscores (`min_coverage`).
 */
export async function runBundledAction(
  name: string,
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; cwd?: string; dir?: string } = {},
): Promise<ActionRun> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `fd-${name}-`));
  const output = join(dir, "github-output");
  const summary = join(dir, "step-summary.md");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: "octo-org/launchpad",
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...options.env,
  };
  const result = await promisify(execFile)("node", [resolve(`actions/${name}/dist/index.mjs`)], {
    env,
    cwd: options.cwd ?? dir,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const outputs: Record<string, string> = {};
  // @actions/core writes `name<<DELIMITER\nvalue\nDELIMITER` blocks.
  for (const m of readFileSync(output, "utf8").matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm))
    outputs[m[1] as string] = m[3] as string;
  return { ...result, outputs, summary: readFileSync(summary, "utf8"), dir };
}
