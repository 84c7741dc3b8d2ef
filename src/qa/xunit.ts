import { QaInputError } from "./errors.js";
import { count, duration } from "./figures.js";
import { type TestCase, testCase, withPriorityTag } from "./test-case.js";
import { attr, children, parseXml, reportParser, text, type XmlNode } from "./xml.js";

const parser = reportParser(["assembly", "collection", "test", "trait"]);

/**
 * Parses an xUnit.net v2 XML report (`dotnet test --logger xunit`, `-xml`;
 * https://xunit.net/docs/format-xml-v2): `<assemblies>` → `<assembly>` → `<collection>` →
 * `<test result="Pass|Fail|Skip|NotRun">` with `<failure><message/><stack-trace/></failure>`,
 * `<reason>` for skips and `<traits><trait name value/>`. A test is errored when it failed with
 * an exception other than an assertion (`exception-type` neither `Xunit.Sdk.…` nor `…Assert…`), as a JUnit
 * `<error>` would be. A trait `Category`/`Priority` naming P0–P2 sets the priority. Errors
 * outside tests (`<errors>`: fixture clean-up) are not tests and are not counted, as xUnit's
 * own `total` does not count them.
 *
 * @throws QaInputError naming the file (malformed XML, not xUnit v2, impossible figures)
 */
export function parseXunit(xml: string, file: string): TestCase[] {
  const doc = parseXml(xml, file, parser);
  const root =
    (doc.assemblies as XmlNode | undefined) ?? (doc.assembly ? { assembly: doc.assembly } : undefined);
  if (!root)
    throw new QaInputError(file, "not an xUnit.net v2 report: no <assemblies> or <assembly> root element");
  const out: TestCase[] = [];
  for (const assembly of children(root, "assembly")) {
    for (const name of ["total", "passed", "failed", "skipped", "errors", "not-run"])
      count(attr(assembly, name), file, `<assembly> ${name}`);
    for (const collection of children(assembly, "collection"))
      for (const test of children(collection, "test")) out.push(xunitCase(test, file));
  }
  return out;
}

function xunitCase(test: XmlNode, file: string): TestCase {
  const result = attr(test, "result");
  const failure = children(test, "failure")[0];
  const exception = attr(failure, "exception-type") ?? "";
  const status: TestCase["status"] =
    result === "Fail"
      ? !exception || /^Xunit\.Sdk\.|assert/i.test(exception)
        ? "failed"
        : "errored"
      : result === "Skip" || result === "NotRun"
        ? "skipped"
        : "passed";
  const message = failure
    ? [exception, text(children(failure, "message")[0]), text(children(failure, "stack-trace")[0])]
        .map((s) => s?.trim())
        .filter(Boolean)
        .join("\n") || "(no message)"
    : undefined;
  const name = attr(test, "name") ?? "(unnamed test)";
  const properties: Record<string, string> = {};
  const tags: string[] = [];
  for (const t of children(children(test, "traits")[0], "trait")) {
    const key = attr(t, "name") ?? "";
    const value = attr(t, "value") ?? "";
    if (key && !(key in properties)) properties[key] = value;
    if (/^(category|priority)$/i.test(key)) tags.push(/^priority$/i.test(key) ? `priority:${value}` : value);
  }
  if (properties.Priority && !properties.priority) tags.unshift(`priority:${properties.Priority}`);
  return testCase({
    name,
    classname: attr(test, "type"),
    status,
    message: status === "failed" || status === "errored" ? message : undefined,
    durationMs: duration(attr(test, "time"), "s", file, `test "${name}" time`),
    properties: withPriorityTag(properties, tags),
  });
}
