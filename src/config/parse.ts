import { isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { CONFIG_PATH, Config } from "./schema.js";

/** One problem in a config file, located as precisely as the YAML allows. */
export interface ConfigProblem {
  /** Dotted key path in the file (`planner.maxTasks`), or "" for the whole document. */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** What was expected, in words. */
  message: string;
}

/**
 * Keys that were renamed, by their old dotted path (`*` matches any one key, e.g. an environment
 * name): an old file gets told the new name instead of a bare "unknown key".
 */
export const RENAMED_KEYS: Record<string, string> = {
  "gates.pull-request": "gates.pullRequest",
  "gates.pull_request": "gates.pullRequest",
  "gates.pullRequest.qa.p0-must-pass": "gates.pullRequest.qa.p0MustPass",
  "gates.pullRequest.qa.max-failures": "gates.pullRequest.qa.maxFailures",
  "gates.pullRequest.qa.min-coverage": "gates.pullRequest.qa.minCoverage",
  "gates.deployments.*.pull-request-gate": "gates.deployments.<environment>.pullRequestGate",
  "gates.deployments.*.p0-bugs": "gates.deployments.<environment>.p0Bugs",
  "planner.max-tasks": "planner.maxTasks",
  "planner.default-estimate-hours": "planner.defaultEstimateHours",
  "llm.max-tokens": "llm.maxTokens",
  "llm.max-cost-usd": "llm.maxCostUsd",
  "capacity.hours-per-week": "capacity.hoursPerWeek",
  "release.checklist-label": "release.checklistLabel",
  "release.manager-role": "release.managerRole",
  "release.checklist-template": "release.checklistTemplate",
};

/** The new name of a renamed key path, if it is one. */
export function renamedKey(path: ReadonlyArray<string | number>): string | undefined {
  const parts = path.map(String);
  for (const [old, now] of Object.entries(RENAMED_KEYS)) {
    const want = old.split(".");
    if (want.length === parts.length && want.every((w, i) => w === "*" || w === parts[i])) return now;
  }
  return undefined;
}

export type ConfigResult =
  | { ok: true; config: Config }
  | { ok: false; file: string; problems: ConfigProblem[] };

/**
 * Parses and validates configuration text (YAML). Pure: no I/O.
 *
 * @param text the file's content; empty or whitespace means "all defaults"
 * @param file the name shown in messages (defaults to `.github/flightdeck.yml`)
 * @returns the config, or every problem with its key path and line
 */
export function parseConfig(text: string, file = CONFIG_PATH): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      file,
      problems: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return {
          path: "",
          ...(at ? { line: at.line } : {}),
          message: `YAML syntax: ${e.message.split("\n")[0]}`,
        };
      }),
    };
  }
  let raw: unknown;
  try {
    // Aliases are capped (yaml's maxAliasCount), so an alias bomb — a few lines that expand to
    // billions of nodes — is refused instead of exhausting memory; like any bad YAML it is an
    // invalid config with the reason, never a crash.
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return {
      ok: false,
      file,
      problems: [{ path: "", message: `YAML could not be read: ${(error as Error).message.split("\n")[0]}` }],
    };
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      file,
      problems: [{ path: "", line: 1, message: "expected a mapping of keys at the top level" }],
    };
  }
  const result = Config.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    const keys =
      issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of keys) {
      // An unknown key is located at the key itself, not at its value (which may start lines below).
      const node =
        issue.code === "unrecognized_keys"
          ? keyNode(doc.getIn(path.slice(0, -1) as Array<string | number>, true), path[path.length - 1])
          : doc.getIn(path as Array<string | number>, true);
      const range = isNode(node) ? node.range : undefined;
      const line = range ? lineCounter.linePos(range[0]).line : undefined;
      const renamed =
        issue.code === "unrecognized_keys" ? renamedKey(path as Array<string | number>) : undefined;
      const message =
        issue.code !== "unrecognized_keys"
          ? issue.message
          : renamed
            ? `"${String(path[path.length - 1])}" was renamed to ${renamed}`
            : `unknown key "${String(path[path.length - 1])}"`;
      problems.push({ path: path.map(String).join("."), ...(line ? { line } : {}), message });
    }
  }
  // In file order, so the message reads top to bottom like the file.
  problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { ok: false, file, problems };
}

function keyNode(parent: unknown, key: PropertyKey | undefined): unknown {
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  return pair?.key;
}

/** Renders config problems as Markdown for a comment or check run. */
export function formatConfigProblems(result: Extract<ConfigResult, { ok: false }>): string {
  const lines = result.problems.map(
    (p) =>
      `- \`${result.file}\`${p.line ? ` line ${p.line}` : ""}${p.path ? `, \`${p.path}\`` : ""}: ${p.message}`,
  );
  return [`**Flightdeck could not use \`${result.file}\`** — nothing else was done.`, "", ...lines].join(
    "\n",
  );
}
