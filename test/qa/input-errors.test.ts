import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCoverage } from "../../src/qa/coverage.js";
import { buildQaReport } from "../../src/qa/report.js";
import { qaInputErrorMessage } from "../support/qa-errors.js";

const read = (name: string) =>
  readFileSync(new URL(`../fixtures/qa/reports/${name}`, import.meta.url), "utf8");
const now = new Date("2026-11-20T10:00:00Z");
const report = (file: string, content: string) =>
  buildQaReport([{ file, content }], [], { defaultPriority: "P1", now });

describe("impossible figures are input errors naming the file", () => {
  const error = qaInputErrorMessage;
  it("negative durations", () => {
    expect(
      error(() => report("t.xml", '<testsuite name="s"><testcase name="adds" time="-0.5"/></testsuite>')),
    ).toBe('t.xml: test "adds" time is negative (-0.5): a duration cannot be');
    expect(
      error(() => report("t.xml", '<testsuite name="s"><testcase name="adds" time="soon"/></testsuite>')),
    ).toBe('t.xml: test "adds" time is not a number: "soon"');
    const trx = read("dotnet.trx").replace('duration="00:00:00.0123456"', 'duration="-00:00:01"');
    expect(error(() => report("r.trx", trx))).toBe(
      'r.trx: test "AddsItems" duration is negative (-00:00:01): a duration cannot be',
    );
    const go = '{"Action":"pass","Package":"p","Test":"TestA","Elapsed":-1}\n';
    expect(error(() => report("go.json", go))).toBe(
      'go.json: line 1: test "TestA" Elapsed is negative (-1): a duration cannot be',
    );
  });
  it("negative counts", () => {
    expect(error(() => report("t.xml", '<testsuites tests="-3"><testsuite name="s"/></testsuites>'))).toBe(
      't.xml: <testsuites> tests must be a whole number ≥ 0, got "-3"',
    );
    const jest = JSON.parse(read("jest.json"));
    expect(error(() => report("j.json", JSON.stringify({ ...jest, numFailedTests: -1 })))).toBe(
      'j.json: numFailedTests must be a whole number ≥ 0, got "-1"',
    );
  });
  it("coverage above 100 % or below 0", () => {
    expect(error(() => parseCoverage("SF:a.ts\nLF:10\nLH:12\nend_of_record\n", "lcov.info"))).toBe(
      "lcov.info: lines: covered 12 of 10 is 120 % — coverage cannot exceed 100 %",
    );
    expect(
      error(() =>
        parseCoverage(
          '{"total":{"lines":{"covered":5,"total":4},"branches":{"covered":1,"total":1}}}',
          "s.json",
        ),
      ),
    ).toBe("s.json: lines: covered 5 of 4 is 125 % — coverage cannot exceed 100 %");
    expect(error(() => parseCoverage('<coverage line-rate="1.5"/>', "cob.xml"))).toBe(
      "cob.xml: line-rate 1.5 is outside 0–1 — coverage cannot exceed 100 %",
    );
    expect(error(() => parseCoverage('<coverage lines-valid="-4" lines-covered="-5"/>', "cob.xml"))).toBe(
      "cob.xml: lines: covered -5 of -4 — counts cannot be negative",
    );
  });
  it("XML entity limits (an entity bomb) name the file", () => {
    const entities = Array.from({ length: 1001 }, (_, i) => `<!ENTITY e${i} "x">`).join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE testsuite [${entities}]><testsuite name="s"/>`;
    expect(error(() => report("bomb.xml", bomb))).toBe(
      "bomb.xml: the XML cannot be read safely: Entity count (1001) exceeds maximum allowed (1000)",
    );
    const big = `<?xml version="1.0"?><!DOCTYPE testsuite [<!ENTITY big "${"x".repeat(10_001)}">]><testsuite name="&big;"/>`;
    expect(error(() => parseCoverage(big.replaceAll("testsuite", "coverage"), "cov.xml"))).toMatch(
      /^cov\.xml: the XML cannot be read safely: Entity "big" size \(10001\) exceeds maximum allowed size \(10000\)/,
    );
  });
});
