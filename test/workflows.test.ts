import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

type ActionYml = {
  inputs: Record<string, { required?: boolean; default?: string }>;
  runs: { steps: Array<{ env?: Record<string, string> }> };
};
const action = (name: string) =>
  parse(readFileSync(new URL(`../actions/${name}/action.yml`, import.meta.url), "utf8")) as ActionYml;
const ACTIONS = ["qa", "gate", "deploy", "load-test", "watch", "standup", "doctor"];

describe("composite Actions", () => {
  for (const name of ACTIONS) {
    it(`${name}: every input reaches the script through env, never through a run: line`, () => {
      const a = action(name);
      const env = Object.assign({}, ...a.runs.steps.map((s) => s.env ?? {})) as Record<string, string>;
      for (const input of Object.keys(a.inputs)) {
        if (input === "test-command") continue; // passed to its own step as FLIGHTDECK_TEST_COMMAND
        expect(env[`INPUT_${input.toUpperCase().replace(/-/g, "_")}`], input).toBe(`\${{ inputs.${input} }}`);
      }
      const raw = readFileSync(new URL(`../actions/${name}/action.yml`, import.meta.url), "utf8");
      for (const line of raw.split("\n").filter((l) => /^\s*run:/.test(l) || /^\s{8,}\S/.test(l))) {
        expect(line.includes("${{ inputs."), line).toBe(/^\s*[A-Z0-9_]+: \$\{\{ inputs\./.test(line));
      }
    });
  }
});

describe("workflows use the Actions with inputs they declare", () => {
  const files = [
    ...readdirSync(new URL("../examples/workflows/", import.meta.url)).map(
      (f) => new URL(`../examples/workflows/${f}`, import.meta.url),
    ),
    ...readdirSync(new URL("../.github/workflows/", import.meta.url)).map(
      (f) => new URL(`../.github/workflows/${f}`, import.meta.url),
    ),
  ];
  for (const file of files) {
    it(file.pathname.split("/").slice(-2).join("/"), () => {
      const wf = parse(readFileSync(file, "utf8")) as {
        jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
      };
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps ?? []) {
          const m = /(?:^\.\/actions\/|\/flightdeck\/actions\/)([a-z-]+)/.exec(step.uses ?? "");
          if (!m) continue;
          const a = action(m[1] as string);
          for (const key of Object.keys(step.with ?? {}))
            expect(Object.keys(a.inputs), `${m[1]}: ${key}`).toContain(key);
          for (const [key, spec] of Object.entries(a.inputs))
            if (spec.required) expect(Object.keys(step.with ?? {}), `${m[1]} needs ${key}`).toContain(key);
        }
      }
    });
  }
});
