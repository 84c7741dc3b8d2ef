import type { CliIo } from "../../src/cli/io.js";
import { testOctokit } from "./octokit.js";

/** The CLI's io for a test, and what it wrote (stdout and stderr lines, the progress bar's frames). */
export interface TestCli {
  cli: CliIo;
  out(): string;
  err(): string;
  drawn(): string;
}

/**
 * A CliIo that runs `runCli` in-process: it collects stdout and stderr, reads `stdin`, sees only
 * `env`, answers `now` (ISO, default 2026-11-20T10:00:00Z) as the time, and builds the test
 * Octokit (no throttling delays; nock serves GitHub). With `tty`, stdout and the progress
 * stream (stderr) are terminals, as cli-progress and the text views check.
 */
export function cliIo(
  options: { env?: Record<string, string>; now?: string; stdin?: string; tty?: boolean } = {},
): TestCli {
  const out: string[] = [];
  const err: string[] = [];
  const drawn: string[] = [];
  const tty = options.tty ?? false;
  const cli: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => options.stdin ?? "",
    env: options.env ?? {},
    now: () => new Date(options.now ?? "2026-11-20T10:00:00Z"),
    octokit: () => testOctokit(),
    stdoutIsTTY: tty,
    progress: { isTTY: tty, columns: 100, write: (t: string) => drawn.push(t) > 0 },
  };
  return { cli, out: () => out.join("\n"), err: () => err.join("\n"), drawn: () => drawn.join("") };
}
