import { isNode, LineCounter, parseDocument } from "yaml";
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
      const node = doc.getIn(path as Array<string | number>, true);
      const range = isNode(node) ? node.range : undefined;
      const line = range ? lineCounter.linePos(range[0]).line : undefined;
      const message =
        issue.code === "unrecognized_keys" ? `unknown key "${String(path[path.length - 1])}"` : issue.message;
      problems.push({ path: path.map(String).join("."), ...(line ? { line } : {}), message });
    }
  }
  // In file order, so the message reads top to bottom like the file.
  problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { ok: false, file, problems };
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
