import type { Level, PullRequestPolicy } from "../config/schema.js";
import type { QaReport } from "../reports/schema.js";
import { plural } from "../text/plural.js";
import type { Criterion } from "./verdict.js";

type QaPolicy = PullRequestPolicy["qa"];

const active = (level: Level): level is "block" | "warn" => level !== "off";

/**
 * The QA criteria of a policy against the QA report of the head commit (or its absence).
 * Missing evidence is `missing` with a reason that says what to do; a QA check run whose report
 * cannot be read (`unreadable`: the problem) fails with that problem; a report with no tests
 * fails rather than passing vacuously. Check runs that are not evidence (`untrusted`: why, e.g.
 * "the QA workflow … was modified in this pull request") leave the report missing, with that reason.
 */
export function qaCriteria(
  policy: QaPolicy,
  report: QaReport | undefined,
  sha: string,
  unreadable?: string,
  untrusted: string[] = [],
): Criterion[] {
  const out: Criterion[] = [];
  const short = sha.slice(0, 7);
  if (!report) {
    if (active(policy.required)) {
      out.push({
        id: "qa.report",
        label: "QA report",
        required: `a Flightdeck QA report for ${short}`,
        actual: unreadable ? "unreadable" : untrusted.length ? "untrusted" : "none",
        status: unreadable ? "fail" : "missing",
        level: policy.required,
        kind: "evidence",
        reason: unreadable
          ? `the Flightdeck QA check run on ${short} holds no readable report (${unreadable}); run the Flightdeck QA action again`
          : untrusted.length
            ? `no trusted QA report for ${short}: ${untrusted[0]}`
            : `no QA report for ${short} yet (run the Flightdeck QA action on this commit)`,
      });
    }
    return out;
  }
  const t = report.tests;
  if (active(policy.required)) {
    out.push({
      id: "qa.report",
      label: "QA report",
      required: `a Flightdeck QA report for ${short}`,
      actual: t.total === 0 ? "no tests found" : plural(t.total, "test"),
      status: t.total === 0 ? "fail" : "pass",
      level: policy.required,
      kind: "evidence",
      reason: t.total === 0 ? "the QA report found no tests" : `QA report with ${plural(t.total, "test")}`,
    });
  }
  if (active(policy.p0MustPass)) {
    const p0 = report.byPriority.P0;
    const bad = p0.failed + p0.errored;
    out.push({
      id: "qa.p0",
      label: "P0 tests pass",
      required: "all P0 tests pass",
      actual: p0.total === 0 ? "no P0 tests" : `${p0.passed}/${p0.total - p0.skipped} passed`,
      status: bad > 0 ? "fail" : "pass",
      level: policy.p0MustPass,
      kind: "evidence",
      reason: bad > 0 ? `${plural(bad, "P0 test")} failing` : "all P0 tests pass",
    });
  }
  if (active(policy.maxFailures.level)) {
    const failing = t.failed + t.errored;
    const max = policy.maxFailures.value;
    out.push({
      id: "qa.failures",
      label: "Failing tests",
      required: `≤ ${max}`,
      actual: String(failing),
      status: failing <= max ? "pass" : "fail",
      level: policy.maxFailures.level,
      kind: "evidence",
      reason:
        failing <= max ? `${failing} failing (≤ ${max})` : `${plural(failing, "failing test")} > ${max}`,
    });
  }
  const min = policy.minCoverage;
  if (min && active(min.level)) {
    for (const metric of ["lines", "branches", "functions"] as const) {
      const want = min[metric];
      if (want === undefined) continue;
      const got = report.coverage?.[metric];
      out.push({
        id: `qa.coverage.${metric}`,
        label: `${metric} coverage`,
        required: `≥ ${want}%`,
        actual: got === undefined ? "not reported" : `${got.toFixed(1)}%`,
        status: got === undefined ? "missing" : got >= want ? "pass" : "fail",
        level: min.level,
        kind: "evidence",
        reason:
          got === undefined
            ? `${metric} coverage not reported (pass a coverage file to the QA action)`
            : got >= want
              ? `${metric} coverage ${got.toFixed(1)}% ≥ ${want}%`
              : `${metric} coverage ${got.toFixed(1)}% < ${want}%`,
      });
    }
  }
  return out;
}
