import { readFile } from "node:fs/promises";
import { formatConfigProblems, parseConfig } from "../config/parse.js";
import { type Config, DEFAULT_CONFIG } from "../config/schema.js";
import { CliError, type CliIo } from "./io.js";

/** Reads an epic from a file, or from stdin for "-". @throws CliError naming the file */
export async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === "-") return io.readStdin();
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Loads a local config file (defaults when no path). @throws CliError with every problem */
export async function readConfig(path: string | undefined): Promise<Config> {
  if (!path) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const result = parseConfig(text, path);
  if (!result.ok) throw new CliError(formatConfigProblems(result).replace(/\*\*/g, ""));
  return result.config;
}

/** Parses a positive integer option. @throws CliError (usage) */
export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`${name} must be a positive whole number, got "${value}"`, 2);
  return n;
}

/** Parses a YYYY-MM-DD date option. @throws CliError (usage) */
export function isoDateOption(name: string, value: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime())) {
    throw new CliError(`${name} must be a date like 2025-01-31, got "${value}"`, 2);
  }
  return d;
}
