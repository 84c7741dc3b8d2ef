import { QaInputError } from "./errors.js";
import { count, duration } from "./figures.js";
import { type TestCase, testCase, withPriorityTag } from "./test-case.js";
import { attr, children, parseXml, reportParser, text, type XmlNode } from "./xml.js";

const parser = reportParser(["test-suite", "test-case", "property"]);

/**
 * Parses an NUnit 3 result file (`TestResult.xml`, https://docs.nunit.org/articles/nunit/technical-notes/usage/Test-Result-XML-Format.html):
 * a `<test-run>` root, nested `<test-suite>`s, one `<test-case>` per test with `result`
 * Passed / Failed / Skipped / Inconclusive / Warning and a `label` (Error, Invalid, Cancelled →
 * errored; Ignored, Explicit → skipped). Inconclusive counts as skipped and Warning as passed,
 * as the NUnit console summary groups them with neither failures nor errors. A `Category`
 * or `Priority` property of the test (or its fixture) naming P0–P2 sets its priority.
 *
 * @throws QaInputError naming the file (malformed XML, not NUnit 3, impossible figures)
 */
export function parseNUnit(xml: string, file: string): TestCase[] {
  const doc = parseXml(xml, file, parser);
  const run = children(doc, "test-run")[0];
  if (!run)
    throw new QaInputError(
      file,
      "not an NUnit 3 result file: no <test-run> root element (NUnit 2's <test-results> is not read)",
    );
  for (const name of ["total", "passed", "failed", "inconclusive", "skipped", "testcasecount"])
    count(attr(run, name), file, `<test-run> ${name}`);
  const out: TestCase[] = [];
  walk(run, [], out, file);
  return out;
}

function walk(node: XmlNode, inheritedTags: string[], out: TestCase[], file: string): void {
  for (const suite of children(node, "test-suite"))
    walk(suite, [...inheritedTags, ...tagsOf(suite)], out, file);
  for (const tc of children(node, "test-case")) out.push(nunitCase(tc, inheritedTags, file));
}

function tagsOf(node: XmlNode): string[] {
  return children(children(node, "properties")[0], "property")
    .filter((p) => /^(category|priority)$/i.test(attr(p, "name") ?? ""))
    .map((p) => `${attr(p, "name") === "Priority" ? "priority:" : ""}${attr(p, "value") ?? ""}`);
}

function nunitCase(tc: XmlNode, inheritedTags: string[], file: string): TestCase {
  const result = attr(tc, "result") ?? "";
  const label = attr(tc, "label") ?? "";
  const status: TestCase["status"] =
    result === "Failed"
      ? /^(Error|Invalid|Cancelled)$/.test(label)
        ? "errored"
        : "failed"
      : result === "Skipped" || result === "Inconclusive"
        ? "skipped"
        : "passed";
  const failure = children(tc, "failure")[0];
  const message = failure
    ? [text(children(failure, "message")[0]), text(children(failure, "stack-trace")[0])]
        .map((s) => s?.trim())
        .filter(Boolean)
        .join("\n") || "(no message)"
    : undefined;
  const name = attr(tc, "fullname") ?? attr(tc, "name") ?? "(unnamed test)";
  const properties: Record<string, string> = {};
  for (const p of children(children(tc, "properties")[0], "property")) {
    const key = attr(p, "name");
    if (key && !(key in properties)) properties[key] = attr(p, "value") ?? "";
  }
  return testCase({
    name: attr(tc, "name") ?? name,
    classname: attr(tc, "classname"),
    status,
    message: status === "failed" || status === "errored" ? message : undefined,
    durationMs: duration(attr(tc, "duration"), "s", file, `test "${name}" duration`),
    properties: withPriorityTag(properties, [...tagsOf(tc), ...inheritedTags]),
  });
}
