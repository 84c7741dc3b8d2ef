import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Priority } from "../planner/schema.js";
import { QaInputError } from "./errors.js";

/** One test case from a JUnit report, normalized across producers. */
export interface TestCase {
  name: string;
  classname?: string;
  file?: string;
  line?: number;
  status: "passed" | "failed" | "errored" | "skipped";
  /** Passed only after failing first (Surefire flakyFailure, or a rerun in the same report). */
  flaky: boolean;
  message?: string;
  /** Duration in ms. */
  durationMs: number;
  /** `<property name=… value=…>` of the test case. */
  properties: Record<string, string>;
}

const ARRAYS = new Set([
  "testsuite",
  "testcase",
  "failure",
  "error",
  "skipped",
  "property",
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  // Prefixed: node:test writes a `failure` attribute *and* a <failure> element on one test case.
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

/**
 * Parses a JUnit XML report as the common producers write it — jest-junit, Vitest, node:test,
 * pytest, go-junit-report, Maven Surefire, PHPUnit: a `<testsuites>` or `<testsuite>` root,
 * nested suites, `<failure>` (assertion) vs `<error>` (could not run), `<skipped>`, Surefire's
 * `<flakyFailure>`/`<rerunFailure>`, and the same test repeated by a rerun (a later pass makes
 * it flaky, not failed). Locations come from `file`/`line` attributes, else from the first
 * `path:line` in the failure text.
 *
 * @param file name for messages
 * @throws QaInputError naming the file and what is wrong (malformed XML, not a JUnit report)
 */
export function parseJUnit(xml: string, file: string): TestCase[] {
  if (!xml.trim()) throw new QaInputError(file, "the file is empty");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new QaInputError(
      file,
      `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  }
  const doc = parser.parse(xml) as Node;
  const rootName = Object.keys(doc).find((k) => !k.startsWith("?"));
  if (rootName !== "testsuites" && rootName !== "testsuite") {
    throw new QaInputError(
      file,
      `not a JUnit report: the root element is <${rootName ?? "none"}>, expected <testsuites> or <testsuite>`,
    );
  }
  const root = doc[rootName] as Node | Node[] | string;
  const cases: TestCase[] = [];
  const suites =
    rootName === "testsuite" ? (root as Node[]) : [typeof root === "object" ? (root as Node) : {}];
  for (const suite of suites) collect(suite, {}, cases);
  return mergeReruns(cases);
}

function collect(suite: Node, inherited: { file?: string }, out: TestCase[]): void {
  const file = attr(suite, "file") ?? attr(suite, "filepath") ?? inherited.file;
  for (const child of (suite.testsuite as Node[] | undefined) ?? [])
    collect(child, file ? { file } : {}, out);
  for (const tc of (suite.testcase as Node[] | undefined) ?? []) out.push(testCase(tc, file));
}

function testCase(tc: Node, suiteFile: string | undefined): TestCase {
  const failures = (tc.failure as Node[] | undefined) ?? [];
  const errors = (tc.error as Node[] | undefined) ?? [];
  const skipped = tc.skipped as unknown[] | undefined;
  const flaky = Boolean(
    (tc.flakyFailure as unknown[] | undefined)?.length || (tc.flakyError as unknown[] | undefined)?.length,
  );
  const status: TestCase["status"] = failures.length
    ? "failed"
    : errors.length
      ? "errored"
      : skipped
        ? "skipped"
        : "passed";
  const problem = failures[0] ?? errors[0];
  const message = problem ? describe(problem) : undefined;
  const properties: Record<string, string> = {};
  const props = (tc.properties as Node | undefined)?.property as Node[] | undefined;
  for (const p of props ?? [])
    if (attr(p, "name")) properties[attr(p, "name") as string] = attr(p, "value") ?? str(p["#text"]) ?? "";
  const file = attr(tc, "file") ?? suiteFile;
  // Where it failed beats where the test is declared: annotations should point at the failure.
  const line = (message ? locate(message, file)?.line : undefined) || Number(attr(tc, "line")) || undefined;
  const located = !file && message ? locate(message, undefined) : undefined;
  const name = attr(tc, "name") ?? "(unnamed test)";
  const classname = attr(tc, "classname") ?? attr(tc, "class");
  return {
    name,
    ...(classname ? { classname } : {}),
    ...(file ? { file } : located ? { file: located.file } : {}),
    ...(line ? { line } : {}),
    status,
    flaky,
    ...(message !== undefined ? { message } : {}),
    durationMs: Math.max(0, Number(attr(tc, "time") ?? 0) * 1000 || 0),
    properties,
  };
}

function describe(problem: Node | string): string {
  if (typeof problem === "string") return problem.trim() || "(no message)";
  const message = attr(problem, "message");
  const text = str(problem["#text"])?.trim();
  const type = attr(problem, "type");
  const parts = [message, text && text !== message ? text : undefined].filter(Boolean);
  return parts.join("\n") || type || "(no message)";
}

// `path/to/file.ext:LINE` as stack traces and test runners print it.
const LOCATION =
  /(?:file:\/\/)?((?:[A-Za-z]:)?[\w./\\@-]+\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|java|kt|php|rb|cs|rs|swift)):(\d+)/g;

function locate(text: string, file: string | undefined): { file: string; line: number } | undefined {
  let first: { file: string; line: number } | undefined;
  for (const m of text.matchAll(LOCATION)) {
    const hit = { file: m[1] as string, line: Number(m[2]) };
    if (file && (hit.file.endsWith(file) || file.endsWith(hit.file))) return hit;
    first ??= hit;
  }
  return file ? undefined : first;
}

function mergeReruns(cases: TestCase[]): TestCase[] {
  const byId = new Map<string, TestCase[]>();
  for (const c of cases) {
    const id = `${c.file ?? ""}\u0000${c.classname ?? ""}\u0000${c.name}`;
    byId.set(id, [...(byId.get(id) ?? []), c]);
  }
  const out: TestCase[] = [];
  for (const runs of byId.values()) {
    if (runs.length === 1) {
      out.push(runs[0] as TestCase);
      continue;
    }
    // A rerun: the last attempt decides; an earlier failure makes a final pass flaky.
    const last = runs[runs.length - 1] as TestCase;
    const failedBefore = runs.slice(0, -1).some((r) => r.status === "failed" || r.status === "errored");
    out.push({ ...last, flaky: last.flaky || (last.status === "passed" && failedBefore) });
  }
  return out;
}

function attr(node: Node, name: string): string | undefined {
  return str(node[`@_${name}`]);
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

/**
 * A test's priority from its name (`[P0]`, `@p0`, `P0:` / `P0 -`, `test_p0_…`, `TestP0_…`) or a
 * `priority` property, else the default.
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
