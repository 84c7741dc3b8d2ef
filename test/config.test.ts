import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configReference } from "../src/config/docs.js";
import { configJsonSchema, SCHEMA_MODELINE, SCHEMA_URL } from "../src/config/json-schema.js";
import { formatConfigProblems, parseConfig } from "../src/config/parse.js";
import { ConfigFile, DEFAULT_CONFIG } from "../src/config/schema.js";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

/** Every ```yaml block of a doc that is a flightdeck.yml (its top-level keys are config keys). */
function configSnippets(path: string): string[] {
  const keys = Object.keys(ConfigFile.shape);
  return [...read(path).matchAll(/```ya?ml\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .filter((block) => {
      const top = [...block.matchAll(/^([A-Za-z][\w-]*):/gm)].map((m) => m[1] as string);
      return top.length > 0 && top.every((k) => keys.includes(k));
    });
}

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
    expect(JSON.parse(committed).$id).toBe(SCHEMA_URL);
  });

  it("describes every key in the JSON Schema (zod .describe), so editors show what it means", () => {
    const undescribed: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, child] of Object.entries(props)) {
        if (typeof child.description !== "string" || child.description.length < 10)
          undescribed.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
      const value = node.additionalProperties;
      if (value && typeof value === "object") walk(value as Record<string, unknown>, `${path}<name>.`);
      if (node.items && typeof node.items === "object")
        walk(node.items as Record<string, unknown>, `${path}[].`);
    };
    const schema = JSON.parse(configJsonSchema());
    walk(schema, "");
    expect(undescribed).toEqual([]);
    expect(schema.properties.capacity.properties.hoursPerWeek.description).toContain("Default: `30`");
  });

  it("keeps docs/configuration.md generated from the schema (run `npm run docs:config`)", () => {
    const doc = read("docs/configuration.md");
    expect(doc).toBe(configReference(JSON.parse(configJsonSchema())));
    expect(doc).toContain("| `gates.deployments.<environment>.load.thresholds` | list of string |");
    expect(doc).toContain("| `planner.maxTasks` | whole number (≥ 1, ≤ 100) |");
  });

  it("tells a renamed key's new name instead of a bare unknown key", () => {
    const result = parseConfig("gates:\n  pull-request:\n    qa: { required: warn }\n");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        { path: "gates.pull-request", line: 2, message: '"pull-request" was renamed to gates.pullRequest' },
      ]);
    const env = parseConfig("gates:\n  deployments:\n    production:\n      p0-bugs: { label: bug }\n");
    expect(env.ok).toBe(false);
    if (!env.ok)
      expect(env.problems[0]?.message).toBe(
        '"p0-bugs" was renamed to gates.deployments.<environment>.p0Bugs',
      );
  });

  it("starts every example config and doc snippet with the schema line, and each one is valid", () => {
    const docs = [
      "README.md",
      ...readdirSync(new URL("../docs", import.meta.url)).map((f) => `docs/${f}`),
      ...readdirSync(new URL("../actions", import.meta.url), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `actions/${d.name}/README.md`),
    ].filter((f) => f.endsWith(".md"));
    const snippets = docs.flatMap((f) => {
      try {
        return configSnippets(f).map((text) => ({ f, text }));
      } catch {
        return [];
      }
    });
    snippets.push({ f: "examples/flightdeck.yml", text: read("examples/flightdeck.yml") });
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const { f, text } of snippets) {
      expect(text.split("\n")[0], f).toBe(SCHEMA_MODELINE);
      expect(parseConfig(text, f), f).toMatchObject({ ok: true });
    }
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

describe("role agents and budget config", () => {
  it("reads a role as a list or with its agent's persona, and names bad values", () => {
    const ok = parseConfig(
      "team:\n  backend: [alice]\n  qa: { members: [quinn], agent: { name: Quinn } }\nbudget: { monthlyUsd: 20, owners: [mona] }\n",
    );
    expect(ok.ok && ok.config.team).toEqual({ backend: ["alice"], qa: ["quinn"] });
    expect(ok.ok && ok.config.agents).toEqual({ qa: { name: "Quinn" } });
    expect(ok.ok && ok.config.budget).toEqual({
      monthlyUsd: 20,
      owners: ["mona"],
      label: "flightdeck: spend",
    });
    const bad = parseConfig(
      "team:\n  qa: { members: [quinn], agent: { name: '<b>x' } }\n  backend: { people: [a] }\nbudget:\n  monthlyUsd: -1\n  owners: ['@mona']\n",
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(formatConfigProblems(bad).split("\n").slice(2)).toEqual([
      "- `.github/flightdeck.yml` line 2, `team.qa.agent.name`: a name of 1-40 letters, digits, spaces or . _ ' -",
      '- `.github/flightdeck.yml` line 3, `team.backend.people`: unknown key "people"',
      "- `.github/flightdeck.yml` line 5, `budget.monthlyUsd`: Too small: expected number to be >0",
      "- `.github/flightdeck.yml` line 6, `budget.owners.0`: a GitHub login",
    ]);
  });
});
