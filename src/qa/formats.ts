import { parseCucumber } from "./cucumber.js";
import { QaInputError } from "./errors.js";
import { parseGoTest } from "./gotest.js";
import { parseJest } from "./jest.js";
import { parseJUnit } from "./junit.js";
import { parseMocha } from "./mocha.js";
import { parseNUnit } from "./nunit.js";
import type { TestCase } from "./test-case.js";
import { parseTrx } from "./trx.js";
import { parseXunit } from "./xunit.js";

/** The test-report formats Flightdeck reads, by the name `--format` / the `format` input take. */
export const TEST_FORMATS = {
  junit: "JUnit XML",
  nunit3: "NUnit 3 XML",
  xunit2: "xUnit.net v2 XML",
  trx: "Visual Studio TRX",
  "mocha-json": "Mocha JSON",
  "jest-json": "Jest JSON",
  "go-test-json": "go test -json",
  "cucumber-json": "Cucumber JSON",
} as const;
export type TestFormat = keyof typeof TEST_FORMATS;

const SUPPORTED = Object.entries(TEST_FORMATS)
  .map(([id, name]) => `${name} (${id})`)
  .join(", ");

/** Whether a string names a format (`junit`, `jest-json`, …). */
export function isTestFormat(name: string): name is TestFormat {
  return Object.hasOwn(TEST_FORMATS, name);
}

/**
 * The format of a test report, from its content: the root element of XML (`<testsuites>` /
 * `<testsuite>` JUnit, `<test-run>` NUnit 3, `<assemblies>` / `<assembly>` xUnit v2, `<TestRun>`
 * TRX), the shape of JSON (Jest's `numTotalTests`, Mocha's `stats` + `tests`, Cucumber's array
 * of features), or test2json's `{"Action":…}` lines.
 *
 * @throws QaInputError naming the file and the supported formats when it is none of these
 */
export function detectTestFormat(content: string, file: string): TestFormat {
  const text = content.replace(/^\uFEFF/, "").trimStart();
  if (!text) throw new QaInputError(file, "the file is empty");
  if (text.startsWith("<")) {
    const root = rootElement(text);
    if (root === "testsuites" || root === "testsuite") return "junit";
    if (root === "test-run") return "nunit3";
    if (root === "assemblies" || root === "assembly") return "xunit2";
    if (root === "TestRun") return "trx";
    throw unknown(file, `an XML file whose root element is <${root ?? "none"}>`);
  }
  if (isTestEvent(text.split("\n", 1)[0] ?? "")) return "go-test-json";
  if (text.startsWith("{") || text.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new QaInputError(file, `not valid JSON: ${(error as Error).message}`);
    }
    if (Array.isArray(json)) {
      if (json.every((f) => f && typeof f === "object" && ("elements" in f || "uri" in f)))
        return "cucumber-json";
      throw unknown(file, "a JSON array that is not a list of Cucumber features");
    }
    const doc = json as Record<string, unknown>;
    if ("numTotalTests" in doc && "testResults" in doc) return "jest-json";
    if ("stats" in doc && "tests" in doc) return "mocha-json";
    throw unknown(file, "JSON of an unknown shape");
  }
  throw unknown(file, "neither XML nor JSON");
}

// test2json writes one event object a line, each with an "Action".
function isTestEvent(line: string): boolean {
  try {
    const event = JSON.parse(line) as unknown;
    return (
      typeof event === "object" &&
      event !== null &&
      typeof (event as { Action?: unknown }).Action === "string"
    );
  } catch {
    return false;
  }
}

function unknown(file: string, what: string): QaInputError {
  return new QaInputError(
    file,
    `not a test report Flightdeck reads (${what}); the formats read are ${SUPPORTED} — name one with --format (CLI) or the format input (Action) if detection is wrong`,
  );
}

// The first element after the XML declaration, comments, processing instructions and DOCTYPE.
function rootElement(xml: string): string | undefined {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi, "");
  return /<([A-Za-z_][\w.:-]*)/.exec(body)?.[1]?.replace(/^[\w.-]+:/, "");
}

/**
 * Reads the tests of one report in the given format, or the one detected from its content.
 * @throws QaInputError naming the file (unknown format, malformed, impossible figures)
 */
export function parseTests(
  content: string,
  file: string,
  format?: TestFormat,
): { format: TestFormat; cases: TestCase[] } {
  const chosen = format ?? detectTestFormat(content, file);
  const json = () => {
    if (!content.trim()) throw new QaInputError(file, "the file is empty");
    try {
      return JSON.parse(content.replace(/^\uFEFF/, "")) as unknown;
    } catch (error) {
      throw new QaInputError(file, `not valid JSON: ${(error as Error).message}`);
    }
  };
  const cases = (() => {
    switch (chosen) {
      case "junit":
        return parseJUnit(content, file);
      case "nunit3":
        return parseNUnit(content, file);
      case "xunit2":
        return parseXunit(content, file);
      case "trx":
        return parseTrx(content, file);
      case "mocha-json":
        return parseMocha(json(), file);
      case "jest-json":
        return parseJest(json(), file);
      case "go-test-json":
        return parseGoTest(content, file);
      case "cucumber-json":
        return parseCucumber(json(), file);
    }
  })();
  return { format: chosen, cases };
}
