import type { FlightdeckOctokit, Octokit } from "../github/octokit.js";
import type { Terminal } from "./progress.js";

/** Where the CLI writes and what it may read; injected so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Builds the GitHub client for a token (tests inject one without throttling delays). */
  octokit?: (token: string) => Octokit;
  /** The Octokit class the CLI acts as the App with (APP_ID + PRIVATE_KEY); tests inject one without throttling. */
  appOctokitClass?: typeof FlightdeckOctokit;
  /** stdout is a terminal (a person reads it): `plan` shows its terminal view, not Markdown. */
  stdoutIsTTY?: boolean;
  /** The terminal's width in columns, when stdout is one. */
  columns?: number;
  /** Where progress bars go (stderr); they are drawn only when it is a TTY. */
  progress?: Terminal;
}

/** The real process: stdout, stderr, stdin, environment, clock. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    stderr: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    env: process.env,
    now: () => new Date(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    progress: process.stderr,
  };
}

/** A failure with a message for the user and the process exit code (1 = failed, 2 = bad usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
