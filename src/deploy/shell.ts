import { spawn } from "node:child_process";

/**
 * Runs a command line with bash, the way a workflow `run:` step does, streaming its output.
 * The command arrives as data (an environment variable), never spliced into another script.
 * @returns the exit code (127 when bash itself cannot start)
 */
export function runShell(
  command: string,
  env: NodeJS.ProcessEnv,
  onOutput: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", command], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => onOutput(d.toString()));
    child.stderr.on("data", (d: Buffer) => onOutput(d.toString()));
    child.on("error", () => resolve(127));
    child.on("close", (code) => resolve(code ?? 1));
  });
}
