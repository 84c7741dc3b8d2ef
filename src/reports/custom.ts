import { CUSTOM_NAME, type CustomReport, REPORT_SCHEMA } from "./schema.js";

/** A problem with the input of a custom report; the message names the flag or file and the fix. */
export class CustomReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CustomReportError";
  }
}

type Check = CustomReport["checks"][number];

/**
 * Parses one `--check` of `flightdeck report`: `NAME=pass`, `NAME=fail`, or either with a detail
 * after a colon (`contrast=fail:3 elements below 4.5:1`). `pass`/`fail` also read as
 * `ok`/`true`/`1` and `failed`/`false`/`0`.
 * @throws CustomReportError naming the check and the expected form
 */
export function parseCheckSpec(spec: string): Check {
  const m = /^([^=]+)=([A-Za-z0-9]+)(?::([\s\S]*))?$/.exec(spec);
  const verdict = m?.[2]?.toLowerCase() ?? "";
  const pass = ["pass", "passed", "ok", "true", "1"].includes(verdict);
  const fail = ["fail", "failed", "false", "0"].includes(verdict);
  if (!m || (!pass && !fail) || !m[1]?.trim()) {
    throw new CustomReportError(
      `--check "${spec}" is not NAME=pass or NAME=fail (optionally :detail), e.g. --check "keyboard navigation=pass"`,
    );
  }
  const detail = m[3]?.trim();
  return { name: m[1].trim().slice(0, 200), pass, ...(detail ? { detail: detail.slice(0, 1000) } : {}) };
}

/**
 * Reads checks from a JSON document: an array of `{ name, pass, detail?, url? }`, or an object
 * with such a `checks` array (e.g. a previous custom report).
 * @throws CustomReportError naming `source` and what is wrong
 */
export function checksFromJson(text: string, source: string): Check[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CustomReportError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(list)) {
    throw new CustomReportError(
      `${source} holds no checks: expected [{ "name": …, "pass": true }] or { "checks": [...] }`,
    );
  }
  return list.map((c, i) => {
    const x = c as Partial<Check> | null;
    if (!x || typeof x.name !== "string" || !x.name.trim() || typeof x.pass !== "boolean") {
      throw new CustomReportError(
        `${source}: check ${i + 1} needs a "name" (text) and "pass" (true or false)`,
      );
    }
    return {
      name: x.name.trim().slice(0, 200),
      pass: x.pass,
      ...(typeof x.detail === "string" && x.detail ? { detail: x.detail.slice(0, 1000) } : {}),
      ...(typeof x.url === "string" && /^https?:\/\//.test(x.url) ? { url: x.url } : {}),
    };
  });
}

/**
 * Builds a `custom` report (kind `custom`, schema flightdeck.report/v1) from named checks.
 * @throws CustomReportError for a bad name or no checks
 */
export function buildCustomReport(input: {
  name: string;
  title?: string;
  checks: Check[];
  now: Date;
  sha?: string;
  repository?: string;
}): CustomReport {
  if (!CUSTOM_NAME.test(input.name)) {
    throw new CustomReportError(
      `"${input.name}" is not a report name: use lowercase letters, digits and -, e.g. accessibility or e2e`,
    );
  }
  if (!input.checks.length) {
    throw new CustomReportError("a report needs at least one check (--check NAME=pass|fail, or --from FILE)");
  }
  if (input.checks.length > 500)
    throw new CustomReportError(`${input.checks.length} checks: at most 500 per report`);
  return {
    schema: REPORT_SCHEMA,
    kind: "custom",
    name: input.name,
    ...(input.title ? { title: input.title.slice(0, 200) } : {}),
    createdAt: input.now.toISOString(),
    ...(input.sha ? { sha: input.sha } : {}),
    ...(input.repository ? { repository: input.repository } : {}),
    checks: input.checks,
  };
}
