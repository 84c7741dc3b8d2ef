import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

it("the committed Action bundles are up to date with the sources (npm run build:actions)", async () => {
  const { stdout, stderr } = await promisify(execFile)("node", ["scripts/build-actions.mjs", "--check"]);
  expect(stderr).toBe("");
  expect(stdout).toBe("");
}, 60_000);
