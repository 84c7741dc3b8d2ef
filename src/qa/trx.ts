import { QaInputError } from "./errors.js";
import { count, timeSpan } from "./figures.js";
import { type TestCase, testCase, withPriorityTag } from "./test-case.js";
import { attr, children, parseXml, reportParser, text, type XmlNode } from "./xml.js";

const parser = reportParser(["UnitTestResult", "UnitTest", "TestCategoryItem"]);

const OUTCOMES: Record<string, TestCase["status"]> = {
  Passed: "passed",
  PassedButRunAborted: "passed",
  Warning: "passed",
  Completed: "passed",
  Failed: "failed",
  Error: "errored",
  Timeout: "errored",
  Aborted: "errored",
  NotExecuted: "skipped",
  NotRunnable: "skipped",
  Inconclusive: "skipped",
  Disconnected: "errored",
  Pending: "skipped",
  InProgress: "skipped",
};

/**
 * Parses a Visual Studio test results file (`.trx`, `dotnet test --logger trx`; schema
 * vstst.xsd, namespace http://microsoft.com/schemas/VisualStudio/TeamTest/2010): one
 * `<Results>/<UnitTestResult>` per test with `outcome` (Passed, Failed, NotExecuted, Timeout,
 * Error, Aborted, …), `duration` as a TimeSpan and `<Output><ErrorInfo><Message/><StackTrace/>`.
 * Data-row results nested in `<InnerResults>` belong to their parent result, which `dotnet
 * test` counts once. Class names and `<TestCategory>` items (P0–P2 set the priority) come from
 * the matching `<TestDefinitions>/<UnitTest id=testId>`.
 *
 * @throws QaInputError naming the file (malformed XML, not TRX, impossible figures)
 */
export function parseTrx(xml: string, file: string): TestCase[] {
  const doc = parseXml(xml, file, parser);
  const run = doc.TestRun as XmlNode | undefined;
  if (!run || typeof run !== "object")
    throw new QaInputError(file, "not a TRX file: no <TestRun> root element");
  const counters = children(children(run, "ResultSummary")[0], "Counters")[0];
  for (const name of ["total", "executed", "passed", "failed", "error", "timeout", "notExecuted"])
    count(attr(counters, name), file, `<Counters> ${name}`);
  const definitions = new Map<string, XmlNode>();
  for (const def of children(children(run, "TestDefinitions")[0], "UnitTest")) {
    const id = attr(def, "id");
    if (id) definitions.set(id, def);
  }
  return children(children(run, "Results")[0], "UnitTestResult").map((r) => trxCase(r, definitions, file));
}

function trxCase(result: XmlNode, definitions: Map<string, XmlNode>, file: string): TestCase {
  const outcome = attr(result, "outcome") ?? "";
  const status = OUTCOMES[outcome];
  const name = attr(result, "testName") ?? "(unnamed test)";
  if (!status) throw new QaInputError(file, `test "${name}" has an unknown outcome "${outcome}"`);
  const def = definitions.get(attr(result, "testId") ?? "");
  const categories = children(children(def, "TestCategory")[0], "TestCategoryItem").map(
    (c) => attr(c, "TestCategory") ?? "",
  );
  const error = children(children(result, "Output")[0], "ErrorInfo")[0];
  const message = error
    ? [text(children(error, "Message")[0]), text(children(error, "StackTrace")[0])]
        .map((s) => s?.trim())
        .filter(Boolean)
        .join("\n") || "(no message)"
    : undefined;
  const method = children(def, "TestMethod")[0];
  return testCase({
    name,
    classname: attr(method, "className")?.split(",")[0],
    status,
    message: status === "failed" || status === "errored" ? (message ?? outcome) : undefined,
    durationMs: timeSpan(attr(result, "duration"), file, `test "${name}" duration`),
    properties: withPriorityTag({}, categories),
  });
}
