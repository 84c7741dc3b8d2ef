import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHARED = new URL("../../../shared/examples/", import.meta.url);

/**
 * Whether ../shared/examples is beside the repository (it is on the project's machines and in
 * `.ci/run`, not in a plain clone on GitHub): tests of the shared examples run only then.
 */
export const hasSharedExamples = existsSync(fileURLToPath(SHARED));

/** Path of a shared example, for CLI tests. */
export function sharedExamplePath(name: string): string {
  return fileURLToPath(new URL(name, SHARED));
}

/** Reads one of the shared example inputs (../shared/examples beside the repository). */
export function sharedExample(name: string): string {
  return readFileSync(new URL(name, SHARED), "utf8");
}

/** Reads a file of the project's own examples/ folder. */
export function projectExample(name: string): string {
  return readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");
}

/** Path of one of the test suite's own epics (test/fixtures/epics). */
export function fixtureEpicPath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/epics/${name}`, import.meta.url));
}
