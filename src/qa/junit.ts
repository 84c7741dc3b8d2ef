import { QaInputError } from "./errors.js";
import { count, duration } from "./figures.js";
import { type TestCase, testCase } from "./test-case.js";
import { attr, children, parseXml, reportParser, text, type XmlNode } from "./xml.js";

export { priorityOf, type TestCase } from "./test-case.js";

const parser = reportParser([
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

/**
 * Parses a JUnit XML report as the common producers write it — jest-junit, Vitest, node:test,
 * pytest, go-junit-report, Maven Surefire/Gradle, PHPUnit: a `<testsuites>` or `<testsuite>`
 * root, nested suites, `<failure>` (assertion) vs `<error>` (could not run), `<skipped>`.
 * Every `<testcase>` is one test, also when names repeat (parameterized tests, one name in two
 * suites): attempts are merged only where the report says they are attempts — Surefire's
 * `<flakyFailure>`/`<flakyError>` (failed, then passed: flaky) and `<rerunFailure>`/`<rerunError>`
 * (failed on every rerun) inside the one `<testcase>`. So the counts equal the report's own
 * `tests`/`failures`/`errors`/`skipped`. Locations come from `file`/`line` attributes, else from
 * the first `path:line` in the failure text.
 *
 * @param file name for messages
 * @throws QaInputError naming the file and what is wrong (malformed XML, not a JUnit report, a
 *   negative `time` or count, entity limits)
 */
export function parseJUnit(xml: string, file: string): TestCase[] {
  const doc = parseXml(xml, file, parser);
  const rootName = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
  if (rootName !== "testsuites" && rootName !== "testsuite") {
    throw new QaInputError(
      file,
      `not a JUnit report: the root element is <${rootName ?? "none"}>, expected <testsuites> or <testsuite>`,
    );
  }
  const cases: TestCase[] = [];
  const root = children(doc, rootName);
  const suites = rootName === "testsuite" ? root : root.slice(0, 1);
  for (const suite of suites) {
    if (rootName === "testsuites") checkCounts(suite, file, "<testsuites>");
    collect(suite, {}, cases, file);
  }
  return cases;
}

function collect(suite: XmlNode, inherited: { file?: string }, out: TestCase[], report: string): void {
  checkCounts(suite, report, `<testsuite name="${attr(suite, "name") ?? ""}">`);
  const file = attr(suite, "file") ?? attr(suite, "filepath") ?? inherited.file;
  for (const child of children(suite, "testsuite")) collect(child, file ? { file } : {}, out, report);
  for (const tc of children(suite, "testcase")) out.push(junitCase(tc, file, report));
}

// Impossible figures are input errors; the counts themselves are recomputed from the test cases.
function checkCounts(suite: XmlNode, report: string, where: string): void {
  for (const name of ["tests", "failures", "errors", "skipped", "disabled"])
    count(attr(suite, name), report, `${where} ${name}`);
  duration(attr(suite, "time"), "s", report, `${where} time`);
}

function junitCase(tc: XmlNode, suiteFile: string | undefined, report: string): TestCase {
  const failures = children(tc, "failure");
  const errors = children(tc, "error");
  const skipped = tc.skipped !== undefined;
  const flaky = children(tc, "flakyFailure").length + children(tc, "flakyError").length > 0;
  const status: TestCase["status"] = failures.length
    ? "failed"
    : errors.length
      ? "errored"
      : skipped
        ? "skipped"
        : "passed";
  const problem = failures[0] ?? errors[0];
  const properties: Record<string, string> = {};
  for (const p of children(children(tc, "properties")[0], "property")) {
    const name = attr(p, "name");
    if (name) properties[name] = attr(p, "value") ?? text(p) ?? "";
  }
  const name = attr(tc, "name") ?? "(unnamed test)";
  return testCase({
    name,
    classname: attr(tc, "classname") ?? attr(tc, "class"),
    file: attr(tc, "file") ?? suiteFile,
    line: Number(attr(tc, "line")) || undefined,
    status,
    flaky: status === "passed" && flaky,
    message: problem ? describe(problem) : undefined,
    durationMs: duration(attr(tc, "time"), "s", report, `test "${name}" time`),
    properties,
  });
}

function describe(problem: XmlNode): string {
  const message = attr(problem, "message");
  const body = text(problem)?.trim();
  const type = attr(problem, "type");
  const parts = [message, body && body !== message ? body : undefined].filter(Boolean);
  return parts.join("\n") || type || "(no message)";
}
