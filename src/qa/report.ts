import type { Priority } from "../planner/schema.js";
import {
  emptyCounts,
  type QaReport,
  REPORT_SCHEMA,
  type TestCounts,
  type TestFailure,
} from "../reports/schema.js";
import { addCoverage, type CoverageCounts, coveragePercent, parseCoverage } from "./coverage.js";
import { parseTests, type TestFormat } from "./formats.js";
import { priorityOf } from "./test-case.js";

/** A file's name and content; reading files is the caller's job (CLI, Action). */
export interface InputFile {
  file: string;
  content: string;
}

export interface QaOptions {
  /** Priority of tests whose name or properties state none. */
  defaultPriority: Priority;
  /** Commit the report is about. */
  sha?: string;
  now: Date;
  /** The test reports' format; detected from each file's content when absent. */
  format?: TestFormat;
  /**
   * The repository's folder (the Action's GITHUB_WORKSPACE, the CLI's cwd): absolute failure
   * paths under it become relative, as check-run annotations need repository paths (Mocha and
   * Jest JSON, .NET stack traces write absolute ones).
   */
  root?: string;
}

/**
 * Builds the QA report from test reports (any format of `TEST_FORMATS`: JUnit XML, NUnit 3,
 * xUnit v2, TRX, Mocha JSON, Jest JSON, go test -json, Cucumber JSON) and coverage files; each
 * test case counts once. Pure: takes contents, returns
 * data. A test file with no tests counts as zero tests (and the report says "No tests found");
 * a malformed file is an error, never an empty report.
 *
 * @throws QaInputError for the first unusable file, naming it and the problem
 */
export function buildQaReport(reports: InputFile[], coverage: InputFile[], options: QaOptions): QaReport {
  const tests = { ...emptyCounts(), flaky: 0 };
  const byPriority: Record<Priority, TestCounts> = {
    P0: emptyCounts(),
    P1: emptyCounts(),
    P2: emptyCounts(),
  };
  const failures: TestFailure[] = [];
  const sources: QaReport["sources"] = [];
  let durationMs = 0;

  for (const input of reports) {
    const { format, cases } = parseTests(input.content, input.file, options.format);
    sources.push({ file: input.file, format, tests: cases.length });
    for (const c of cases) {
      const priority = priorityOf(c, options.defaultPriority);
      const bucket = byPriority[priority];
      for (const counts of [tests, bucket]) {
        counts.total++;
        counts[c.status]++;
      }
      if (c.flaky) tests.flaky++;
      durationMs += c.durationMs;
      if (c.status === "failed" || c.status === "errored") {
        failures.push({
          name: c.name,
          ...(c.classname ? { classname: c.classname } : {}),
          ...(c.file ? { file: relativeTo(c.file, options.root) } : {}),
          ...(c.line ? { line: c.line } : {}),
          message: c.message ?? "(no message)",
          kind: c.status === "failed" ? "failure" : "error",
          priority,
        });
      }
    }
  }

  let counts: CoverageCounts | undefined;
  for (const input of coverage) {
    const parsed = parseCoverage(input.content, input.file);
    sources.push({ file: input.file, format: parsed.format });
    counts = counts ? addCoverage(counts, parsed.counts) : parsed.counts;
  }

  // P0 first, then the order the reports listed them: the most important failures lead.
  failures.sort((a, b) => a.priority.localeCompare(b.priority));
  return {
    schema: REPORT_SCHEMA,
    kind: "qa",
    ...(options.sha ? { sha: options.sha } : {}),
    createdAt: options.now.toISOString(),
    tests,
    byPriority,
    failures,
    ...(counts ? { coverage: coveragePercent(counts) } : {}),
    durationMs: Math.round(durationMs),
    sources,
  };
}

function relativeTo(file: string, root: string | undefined): string {
  if (!root) return file;
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
