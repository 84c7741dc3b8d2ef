import { existsSync, readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { detectTestFormat, parseTests, type TestFormat } from "../../src/qa/formats.js";
import { buildQaReport } from "../../src/qa/report.js";
import { QaReport } from "../../src/reports/schema.js";
import { qaInputErrorMessage } from "../support/qa-errors.js";

const DIR = new URL("../fixtures/qa/reports/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), "utf8");
const now = new Date("2026-11-20T10:00:00Z");
const report = (file: string, content = read(file), format?: TestFormat) =>
  buildQaReport([{ file, content }], [], { defaultPriority: "P1", now, ...(format ? { format } : {}) });

type Counts = { total: number; passed: number; failed: number; errored: number; skipped: number };
/** Counts in the runner's own terms: `failing` = failed + errored where the runner does not tell them apart. */
type Stated = Partial<Counts> & { failing?: number };

/** "4 passing", "Tests: 1 failed, 5 passed, 8 total", "ℹ pass 1" → numbers by word. */
function numbers(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/(\d+) ([a-z]+)|ℹ ([a-z]+) (\d+)/g)) {
    const word = (m[2] ?? m[3]) as string;
    out[word] = (out[word] ?? 0) + Number(m[1] ?? m[4]);
  }
  return out;
}

/** What the runner printed (recorded beside the fixture by scripts/generate-qa-fixtures.sh). */
const SUMMARIES: Record<string, (n: Record<string, number>) => Stated> = {
  "jest.json": (n) => ({
    total: n.total,
    passed: n.passed,
    failing: n.failed,
    skipped: (n.skipped ?? 0) + (n.todo ?? 0),
  }),
  "mocha.json": (n) => ({
    total: (n.passing ?? 0) + (n.pending ?? 0) + (n.failing ?? 0),
    passed: n.passing,
    failing: n.failing,
    skipped: n.pending ?? 0,
  }),
  "cucumber.json": (n) => ({
    total: n.scenarios,
    passed: n.passed,
    failed: n.failed ?? 0,
    errored: (n.undefined ?? 0) + (n.ambiguous ?? 0),
    skipped: (n.pending ?? 0) + (n.skipped ?? 0),
  }),
  "node-test.xml": (n) => ({
    total: n.tests,
    passed: n.pass,
    failing: n.fail,
    skipped: (n.skipped ?? 0) + (n.todo ?? 0),
  }),
  "pytest-params.xml": (n) => ({
    total: (n.passed ?? 0) + (n.failed ?? 0) + (n.skipped ?? 0) + (n.error ?? 0) + (n.errors ?? 0),
    passed: n.passed ?? 0,
    failed: n.failed ?? 0,
    errored: (n.error ?? 0) + (n.errors ?? 0),
    skipped: n.skipped ?? 0,
  }),
};
SUMMARIES["pytest.xml"] = SUMMARIES["pytest-params.xml"] as (n: Record<string, number>) => Stated;
SUMMARIES["jest-junit.xml"] = SUMMARIES["jest.json"] as (n: Record<string, number>) => Stated;
SUMMARIES["vitest.xml"] = (n) => ({
  total: (n.passed ?? 0) + (n.failed ?? 0) + (n.skipped ?? 0) + (n.todo ?? 0),
  passed: n.passed ?? 0,
  failing: n.failed ?? 0,
  skipped: (n.skipped ?? 0) + (n.todo ?? 0),
});
// jest-junit writes `test.todo` as a passing <testcase>: the total agrees with Jest, "passed" cannot.
SUMMARIES["jest-each-junit.xml"] = (n) => ({ total: n.total, failing: n.failed, skipped: n.skipped });

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (n) => n === "testsuite",
});

/** The totals a report states about itself, where its format has them. */
function ownTotals(file: string, format: TestFormat): Stated | undefined {
  const text = read(file);
  const doc = (format === "go-test-json" || file.endsWith(".json") ? {} : xml.parse(text)) as Record<
    string,
    any
  >;
  const num = (v: unknown) => Number(v ?? 0);
  switch (format) {
    case "junit": {
      // Sum the suites that hold test cases; nested suites repeat their children's totals.
      const leaves: Record<string, unknown>[] = [];
      const walk = (s: Record<string, any>) => {
        if (s.testcase) leaves.push(s);
        for (const c of s.testsuite ?? []) walk(c);
      };
      for (const s of doc.testsuite ?? []) walk(s);
      if (doc.testsuites) walk(doc.testsuites);
      const sum = (k: string) => leaves.reduce((a, s) => a + num(s[k]), 0);
      // node:test states its totals only in comments and its summary, not as attributes.
      if (!leaves.some((s) => s.tests !== undefined)) return undefined;
      return {
        total: sum("tests"),
        failed: sum("failures"),
        errored: sum("errors"),
        skipped: sum("skipped"),
      };
    }
    case "nunit3": {
      const r = doc["test-run"];
      return {
        total: num(r.total),
        passed: num(r.passed),
        failing: num(r.failed),
        skipped: num(r.skipped) + num(r.inconclusive),
      };
    }
    case "xunit2": {
      const a = doc.assemblies.assembly;
      return { total: num(a.total), passed: num(a.passed), failing: num(a.failed), skipped: num(a.skipped) };
    }
    case "trx": {
      const c = doc.TestRun.ResultSummary.Counters;
      return {
        total: num(c.total),
        passed: num(c.passed),
        failing: num(c.failed) + num(c.error) + num(c.timeout) + num(c.aborted),
        skipped: num(c.notExecuted) + num(c.inconclusive),
      };
    }
    case "mocha-json": {
      const s = JSON.parse(text).stats;
      return { passed: s.passes, skipped: s.pending, failing: s.failures };
    }
    case "jest-json": {
      const j = JSON.parse(text);
      return {
        total: j.numTotalTests,
        passed: j.numPassedTests,
        failed: j.numFailedTests,
        skipped: j.numPendingTests + j.numTodoTests,
      };
    }
    case "go-test-json": {
      // go test prints no totals: its per-test "--- PASS/FAIL/SKIP" lines, and builds that failed.
      const events = text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      const lines = events.filter((e) => e.Action === "output").map((e) => e.Output as string);
      const count = (word: string) => lines.filter((l) => new RegExp(`^\\s*--- ${word}: `).test(l)).length;
      const builds = events.filter((e) => e.Action === "fail" && e.FailedBuild).length;
      return { passed: count("PASS"), failed: count("FAIL"), skipped: count("SKIP"), errored: builds };
    }
    case "cucumber-json":
      return undefined;
  }
}

function check(actual: Counts, stated: Stated): void {
  const { failing, ...rest } = stated;
  for (const [k, v] of Object.entries(rest)) expect(actual[k as keyof Counts], k).toBe(v);
  if (failing !== undefined) expect(actual.failed + actual.errored, "failed + errored").toBe(failing);
}

const FIXTURES: Array<[string, TestFormat, Counts & { flaky?: number }]> = [
  ["vitest.xml", "junit", { total: 5, passed: 2, failed: 2, errored: 0, skipped: 1 }],
  ["node-test.xml", "junit", { total: 4, passed: 1, failed: 2, errored: 0, skipped: 1 }],
  ["pytest.xml", "junit", { total: 5, passed: 2, failed: 1, errored: 1, skipped: 1 }],
  ["pytest-params.xml", "junit", { total: 5, passed: 4, failed: 1, errored: 0, skipped: 0 }],
  ["jest-junit.xml", "junit", { total: 4, passed: 1, failed: 2, errored: 0, skipped: 1 }],
  ["jest-each-junit.xml", "junit", { total: 8, passed: 6, failed: 1, errored: 0, skipped: 1 }],
  ["phpunit.xml", "junit", { total: 4, passed: 1, failed: 1, errored: 1, skipped: 1 }],
  ["go-junit-report.xml", "junit", { total: 4, passed: 2, failed: 1, errored: 0, skipped: 1 }],
  ["surefire.xml", "junit", { total: 5, passed: 2, failed: 1, errored: 1, skipped: 1, flaky: 1 }],
  ["nunit3.xml", "nunit3", { total: 8, passed: 4, failed: 1, errored: 1, skipped: 2 }],
  ["xunit2.xml", "xunit2", { total: 7, passed: 4, failed: 1, errored: 1, skipped: 1 }],
  ["dotnet.trx", "trx", { total: 7, passed: 3, failed: 2, errored: 1, skipped: 1 }],
  ["mocha.json", "mocha-json", { total: 7, passed: 4, failed: 1, errored: 1, skipped: 1, flaky: 1 }],
  ["jest.json", "jest-json", { total: 8, passed: 5, failed: 1, errored: 0, skipped: 2, flaky: 1 }],
  ["go-test.json", "go-test-json", { total: 8, passed: 5, failed: 1, errored: 1, skipped: 1 }],
  ["cucumber.json", "cucumber-json", { total: 6, passed: 3, failed: 1, errored: 1, skipped: 1 }],
];

describe("every fixture counts as its runner and its own totals say", () => {
  for (const [file, format, expected] of FIXTURES) {
    it(`${file} (${format})`, () => {
      expect(detectTestFormat(read(file), file)).toBe(format);
      const r = report(file);
      expect(QaReport.parse(r)).toEqual(r);
      expect(r.sources).toEqual([{ file, format, tests: expected.total }]);
      expect(r.tests).toEqual({ flaky: 0, ...expected });
      const own = ownTotals(file, format);
      const exceptions = file === "jest-each-junit.xml" ? { total: 7 } : {};
      if (own) check({ ...r.tests, ...exceptions }, own);
      const summary = new URL(`${file}.summary.txt`, DIR);
      if (SUMMARIES[file]) {
        expect(existsSync(summary), `${file}.summary.txt`).toBe(true);
        // Cucumber prints scenarios and steps; the tests are the scenarios.
        const printed = readFileSync(summary, "utf8")
          .split("\n")
          .filter((l) => !/^\d+ steps /.test(l));
        check(
          r.tests,
          (SUMMARIES[file] as (n: Record<string, number>) => Stated)(numbers(printed.join("\n"))),
        );
      }
    });
  }

  it("counts test cases that share a name once each: test.each rows, parametrized ids, one name in two suites", () => {
    // Merging these by name read jest-each-junit.xml as 6 tests; Jest ran 8.
    const rows = parseTests(read("jest-each-junit.xml"), "j.xml").cases.filter(
      (c) => c.name === "cart rounds prices",
    );
    expect(rows).toHaveLength(3);
    const nunit = parseTests(read("nunit3.xml"), "n.xml").cases.filter((c) => c.name === "Rounds(1)");
    expect(nunit.map((c) => c.classname)).toEqual([
      "Shop.Tests.CartTests",
      "Shop.Tests.CartTests",
      "Shop.Tests.WarehouseTests",
    ]);
    const twice = `<testsuites><testsuite name="a"><testcase classname="c" name="same"><failure message="boom"/></testcase></testsuite><testsuite name="b"><testcase classname="c" name="same"/></testsuite></testsuites>`;
    expect(report("twice.xml", twice).tests).toMatchObject({ total: 2, passed: 1, failed: 1, flaky: 0 });
  });

  it("merges attempts only where the report says so (Surefire flakyFailure / rerunFailure, Mocha retries, Jest invocations)", () => {
    const surefire = parseTests(read("surefire.xml"), "s.xml").cases;
    expect(surefire.find((c) => c.name === "sendsReceipt")).toMatchObject({ status: "passed", flaky: true });
    expect(surefire.find((c) => c.name === "[P0] chargesCard")).toMatchObject({
      status: "failed",
      flaky: false,
    });
    expect(
      parseTests(read("mocha.json"), "m.json")
        .cases.filter((c) => c.flaky)
        .map((c) => c.name),
    ).toEqual(["cart checkout @p1 retries a flaky payment"]);
    expect(
      parseTests(read("jest.json"), "j.json")
        .cases.filter((c) => c.flaky)
        .map((c) => c.name),
    ).toEqual(["cart @p1 retries a flaky payment"]);
  });

  it("reads priorities from names, tags, categories and traits in every format", () => {
    const p0 = (file: string) => report(file).byPriority.P0;
    expect(p0("nunit3.xml")).toEqual({ total: 2, passed: 1, failed: 1, errored: 0, skipped: 0 });
    expect(p0("xunit2.xml")).toMatchObject({ total: 2, failed: 1 });
    expect(p0("dotnet.trx")).toMatchObject({ total: 2, failed: 1 });
    expect(p0("cucumber.json")).toMatchObject({ total: 2, failed: 1 });
    expect(p0("mocha.json")).toMatchObject({ total: 2, failed: 1 });
    expect(p0("jest.json")).toMatchObject({ total: 2, failed: 1 });
    expect(p0("go-test.json")).toMatchObject({ total: 1, failed: 1 });
    for (const file of ["nunit3.xml", "xunit2.xml", "dotnet.trx", "cucumber.json"])
      expect(report(file).byPriority.P2.skipped, file).toBe(1);
  });

  it("locates failures: .NET `in File.cs:line N`, go output, the failing Cucumber step, stack traces", () => {
    const where = (file: string) => report(file).failures.map((f) => `${f.kind} ${f.file}:${f.line}`);
    expect(where("xunit2.xml")).toEqual([
      "failure /src/Shop.Tests/CartTests.cs:24",
      "error /src/Shop/Warehouse.cs:31",
    ]);
    expect(where("go-test.json")).toEqual(["failure cart_test.go:42", "error billing/invoice_test.go:12"]);
    expect(where("cucumber.json")).toEqual([
      "failure features/cart.feature:15",
      "error features/cart.feature:19",
    ]);
    expect(where("mocha.json")).toEqual(["failure cart.spec.cjs:10", "error cart.spec.cjs:28"]);
    expect(report("go-test.json").failures[1]?.message).toContain("undefined: NewInvoice");
  });

  it("makes absolute failure paths under the repository's folder relative (annotations need them so)", () => {
    const abs = read("mocha.json").replaceAll(
      "cart.spec.cjs",
      "/home/runner/work/shop/shop/test/cart.spec.cjs",
    );
    const r = buildQaReport([{ file: "m.json", content: abs }], [], {
      defaultPriority: "P1",
      now,
      root: "/home/runner/work/shop/shop",
    });
    expect(r.failures.map((f) => `${f.file}:${f.line}`)).toEqual([
      "test/cart.spec.cjs:10",
      "test/cart.spec.cjs:28",
    ]);
  });

  it("a Jest test file that failed to run is an errored test, never a silent pass", () => {
    const json = JSON.stringify({
      numTotalTests: 0,
      numFailedTestSuites: 1,
      numRuntimeErrorTestSuites: 1,
      testResults: [
        {
          name: "src/a.test.js",
          status: "failed",
          message: "SyntaxError: Unexpected token (3:1)",
          assertionResults: [],
        },
      ],
    });
    expect(report("jest.json", json).failures).toEqual([
      expect.objectContaining({
        name: "src/a.test.js failed to run",
        kind: "error",
        message: "SyntaxError: Unexpected token (3:1)",
      }),
    ]);
  });
});

describe("format detection and --format", () => {
  const error = qaInputErrorMessage;
  it("an unknown format is an error naming the file and every supported format", () => {
    const message = error(() => report("notes.txt", "hello"));
    expect(message).toBe(
      "notes.txt: not a test report Flightdeck reads (neither XML nor JSON); the formats read are JUnit XML (junit), NUnit 3 XML (nunit3), xUnit.net v2 XML (xunit2), Visual Studio TRX (trx), Mocha JSON (mocha-json), Jest JSON (jest-json), go test -json (go-test-json), Cucumber JSON (cucumber-json) — name one with --format (CLI) or the format input (Action) if detection is wrong",
    );
    expect(error(() => report("c.xml", read("not-junit.xml")))).toMatch(
      /^c\.xml: not a test report Flightdeck reads \(an XML file whose root element is <coverage>\); the formats read are JUnit XML/,
    );
    expect(error(() => report("x.json", '{"results": []}'))).toMatch(
      /^x\.json: not a test report Flightdeck reads \(JSON of an unknown shape\)/,
    );
    expect(error(() => report("x.json", "{nope"))).toMatch(/^x\.json: not valid JSON: /);
  });
  it("--format overrides detection, and a file that is not in that format says so", () => {
    expect(report("vitest.xml", read("vitest.xml"), "junit").sources[0]?.format).toBe("junit");
    // dotnet writes TRX with a byte-order mark.
    expect(report("bom.trx", `\uFEFF${read("dotnet.trx")}`).sources[0]?.format).toBe("trx");
    expect(error(() => report("vitest.xml", read("vitest.xml"), "nunit3"))).toBe(
      "vitest.xml: not an NUnit 3 result file: no <test-run> root element (NUnit 2's <test-results> is not read)",
    );
    expect(error(() => report("mocha.json", read("mocha.json"), "jest-json"))).toBe(
      'mocha.json: not Jest JSON: no "numTotalTests" and "testResults"',
    );
  });
});
