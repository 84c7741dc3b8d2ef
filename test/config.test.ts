import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../src/config/json-schema.js";
import { formatConfigProblems, parseConfig } from "../src/config/parse.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";

describe("config", () => {
  it("treats a missing or empty file as all defaults", () => {
    expect(parseConfig("")).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG.trigger.label).toBe("epic");
    expect(DEFAULT_CONFIG.planner).toEqual({ mode: "auto", maxTasks: 30, defaultEstimateHours: 4 });
  });

  it("accepts the documented example", () => {
    const result = parseConfig(readFileSync(new URL("../examples/flightdeck.yml", import.meta.url), "utf8"));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.team.backend).toEqual(["alice", "bob"]);
  });

  it("names the file, the key path, the line and what was expected — the message a user sees", () => {
    const result = parseConfig(
      [
        "planner:",
        "  maxTasks: 0",
        "  mode: smart",
        "team:",
        "  backend: [alice]",
        "  wizards: [merlin]",
        "capacity:",
        "  hoursPerWeek: lots",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatConfigProblems(result)).toBe(
      [
        "**Flightdeck could not use `.github/flightdeck.yml`** — nothing else was done.",
        "",
        "- `.github/flightdeck.yml` line 2, `planner.maxTasks`: Too small: expected number to be >=1",
        '- `.github/flightdeck.yml` line 3, `planner.mode`: Invalid option: expected one of "auto"|"deterministic"|"llm"',
        '- `.github/flightdeck.yml` line 6, `team.wizards`: unknown key "wizards"',
        "- `.github/flightdeck.yml` line 8, `capacity.hoursPerWeek`: Invalid input: expected number, received string",
      ].join("\n"),
    );
  });

  it("reports YAML syntax errors with their line, and a non-mapping document", () => {
    const broken = parseConfig("trigger:\n  label: [epic\n");
    expect(broken.ok).toBe(false);
    if (!broken.ok)
      expect(broken.problems[0]).toMatchObject({
        path: "",
        line: expect.any(Number),
        message: expect.stringMatching(/^YAML syntax: /),
      });
    const list = parseConfig("- a\n- b\n");
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.problems[0]?.message).toBe("expected a mapping of keys at the top level");
  });

  it("keeps the committed JSON Schema in step with the zod schema (run `npm run schema`)", () => {
    const committed = readFileSync(new URL("../schema/flightdeck.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(configJsonSchema());
    expect(JSON.parse(committed).additionalProperties).toBe(false);
  });
});

describe("hostile config", () => {
  it("gives the normal invalid-config message for a YAML alias bomb", () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
    ].join("\n");
    const result = parseConfig(bomb);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatConfigProblems(result)).toMatch(
      /^\*\*Flightdeck could not use `\.github\/flightdeck\.yml`\*\* — nothing else was done\.\n\n- `\.github\/flightdeck\.yml`: YAML could not be read: Excessive alias count/,
    );
  });

  it("gives the normal message for other hostile YAML (custom tags, huge keys, non-mappings)", () => {
    for (const text of [
      "!!js/function 'x'",
      `${"k".repeat(5000)}: 1`,
      "- a\n- b",
      "a: !<tag:yaml.org,2002:python/object> x",
    ]) {
      const result = parseConfig(text);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(formatConfigProblems(result)).toContain(
          "**Flightdeck could not use `.github/flightdeck.yml`**",
        );
    }
  });
});
