import { readFileSync } from "node:fs";

/** Reads one of the shared example inputs (../shared/examples beside the repository). */
export function sharedExample(name: string): string {
  return readFileSync(new URL(`../../../shared/examples/${name}`, import.meta.url), "utf8");
}

/** Reads a file of the project's own examples/ folder. */
export function projectExample(name: string): string {
  return readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");
}
