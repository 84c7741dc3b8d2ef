import type { Priority } from "../planner/schema.js";

/** One test from a test report, normalized across formats and producers. */
export interface TestCase {
  name: string;
  classname?: string;
  file?: string;
  line?: number;
  status: "passed" | "failed" | "errored" | "skipped";
  /**
   * Passed only after failing first, where the report says so (Surefire `flakyFailure`/
   * `flakyError`, Mocha `currentRetry`, Jest `invocations`).
   */
  flaky: boolean;
  message?: string;
  /** Duration in ms. */
  durationMs: number;
  /**
   * The test's properties, traits or categories (`priority: "P0"` when a tag or category
   * names one: `@p0`, `P0`).
   */
  properties: Record<string, string>;
}

// `path/to/file.ext:LINE` as stack traces and test runners print it (.NET: `in path/File.cs:line N`).
const LOCATION =
  /(?:file:\/\/)?((?:[A-Za-z]:)?[\w./\\@-]+\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|java|kt|php|rb|cs|fs|vb|rs|swift|feature)):(?:line )?(\d+)/g;

/**
 * The first `path:line` in a failure text (a stack trace): the one in `file` when given, else
 * the first of any file.
 */
export function locate(text: string, file: string | undefined): { file: string; line: number } | undefined {
  let first: { file: string; line: number } | undefined;
  for (const m of text.matchAll(LOCATION)) {
    const hit = { file: m[1] as string, line: Number(m[2]) };
    if (file && (hit.file.endsWith(file) || file.endsWith(hit.file))) return hit;
    first ??= hit;
  }
  return file ? undefined : first;
}

/**
 * Builds a test case, locating a failure from its message when the report gives no line (where
 * it failed beats where the test is declared: annotations should point at the failure).
 */
export function testCase(fields: {
  name: string;
  classname?: string | undefined;
  file?: string | undefined;
  line?: number | undefined;
  status: TestCase["status"];
  flaky?: boolean;
  message?: string | undefined;
  durationMs: number;
  properties?: Record<string, string>;
}): TestCase {
  const { name, classname, status, message, durationMs } = fields;
  const fromMessage = message ? locate(message, fields.file) : undefined;
  const file = fields.file ?? fromMessage?.file;
  const line = fromMessage?.line || fields.line || undefined;
  return {
    name,
    ...(classname ? { classname } : {}),
    ...(file ? { file } : {}),
    ...(line ? { line } : {}),
    status,
    flaky: fields.flaky ?? false,
    ...(message !== undefined ? { message } : {}),
    durationMs,
    properties: fields.properties ?? {},
  };
}

/**
 * Properties with `priority` set when one of the tags, categories or traits is a priority
 * (`@p0`, `P0`, `priority:P1`, `Priority=2`).
 */
export function withPriorityTag(properties: Record<string, string>, tags: string[]): Record<string, string> {
  if (properties.priority) return properties;
  for (const tag of tags) {
    const m = /^@?(?:priority[:=\s]*)?p?([0-2])$/i.exec(tag.trim());
    if (m && /p|priority/i.test(tag)) return { ...properties, priority: `P${m[1]}` };
  }
  return properties;
}

/**
 * A test's priority from its name (`[P0]`, `@p0`, `P0:` / `P0 -`, `test_p0_…`, `TestP0_…`) or a
 * `priority` property (also set from tags and categories), else the default.
 */
export function priorityOf(
  test: Pick<TestCase, "name" | "classname" | "properties">,
  fallback: Priority,
): Priority {
  const prop = test.properties.priority ?? test.properties.Priority;
  const fromProp = prop ? /^p?([0-2])$/i.exec(prop.trim()) : null;
  if (fromProp) return `P${fromProp[1]}` as Priority;
  const text = `${test.classname ?? ""} ${test.name}`;
  const m = /\[p([0-2])\]|@p([0-2])\b|(?:^|[\s>›|])p([0-2])\s*[:-]|(?:^|[_\s]|(?<=[a-z]))p([0-2])_/i.exec(
    text,
  );
  if (m) return `P${m[1] ?? m[2] ?? m[3] ?? m[4]}` as Priority;
  return fallback;
}
