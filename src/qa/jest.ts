import { QaInputError } from "./errors.js";
import { count, duration } from "./figures.js";
import { type TestCase, testCase } from "./test-case.js";

interface JestAssertion {
  ancestorTitles?: string[];
  fullName?: string;
  title?: string;
  status?: string;
  duration?: number | null;
  failureMessages?: string[];
  invocations?: number;
  location?: { line?: number } | null;
}

interface JestSuite {
  name?: string;
  status?: string;
  message?: string;
  assertionResults?: JestAssertion[];
  testExecError?: { message?: string } | null;
}

const COUNTS = [
  "numTotalTests",
  "numPassedTests",
  "numFailedTests",
  "numPendingTests",
  "numTodoTests",
  "numTotalTestSuites",
  "numFailedTestSuites",
  "numRuntimeErrorTestSuites",
];

/**
 * Parses Jest's JSON result (`jest --json --outputFile=…`,
 * https://jestjs.io/docs/cli#--json): `testResults[]` per test file, each with
 * `assertionResults[]` — one per test (`test.each` rows are separate tests even when their
 * names are equal). Status passed / failed / pending, todo and skipped / disabled (both
 * skipped); a passed test with `invocations` > 1 is flaky (`jest.retryTimes`). So the counts
 * equal Jest's "Tests:" line. A test file that failed to run (syntax error, a throwing import:
 * no assertion results, `testExecError` or a failed status) adds one errored test named after
 * the file, which Jest counts under "Test Suites: N failed" instead — never a silent pass.
 *
 * @throws QaInputError naming the file (not Jest JSON, impossible figures)
 */
export function parseJest(json: unknown, file: string): TestCase[] {
  const doc = json as Record<string, unknown>;
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.testResults) || !("numTotalTests" in doc))
    throw new QaInputError(file, 'not Jest JSON: no "numTotalTests" and "testResults"');
  for (const name of COUNTS) count(doc[name], file, name);
  const out: TestCase[] = [];
  for (const suite of doc.testResults as JestSuite[]) {
    const testFile = suite.name;
    const assertions = suite.assertionResults ?? [];
    for (const a of assertions) out.push(jestCase(a, testFile, file));
    if (!assertions.length && (suite.testExecError || suite.status === "failed")) {
      out.push(
        testCase({
          name: `${testFile ?? "a test file"} failed to run`,
          file: testFile,
          status: "errored",
          message: (suite.testExecError?.message ?? suite.message ?? "").trim() || "(no message)",
          durationMs: 0,
        }),
      );
    }
  }
  return out;
}

function jestCase(a: JestAssertion, testFile: string | undefined, file: string): TestCase {
  const name = a.fullName ?? [...(a.ancestorTitles ?? []), a.title ?? ""].join(" ").trim();
  const status: TestCase["status"] =
    a.status === "passed" ? "passed" : a.status === "failed" ? "failed" : "skipped";
  const message =
    status === "failed" ? (a.failureMessages ?? []).join("\n").trim() || "(no message)" : undefined;
  return testCase({
    name: name || "(unnamed test)",
    file: testFile,
    line: a.location?.line ?? undefined,
    status,
    flaky: status === "passed" && (a.invocations ?? 1) > 1,
    message,
    durationMs: duration(a.duration, "ms", file, `test "${name}" duration`),
  });
}
