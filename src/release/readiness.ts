import type { DeploymentPolicy } from "../config/schema.js";
import type { SecurityPolicy } from "../config/security-schema.js";
import type { CommitEvidence } from "../gates/commit-evidence.js";
import {
  type DeploymentDecision,
  type DeploymentEvidence,
  evaluateDeployment,
  loadMetric,
} from "../gates/deployment.js";
import { type SecurityEvidence, securityCriteria } from "../gates/security.js";
import type { Criterion } from "../gates/verdict.js";
import { formatMetric } from "../load/format.js";
import { parseThreshold, thresholdPasses } from "../load/thresholds.js";
import type { Priority } from "../planner/schema.js";
import type { LoadReport } from "../reports/schema.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted } from "../text/sanitize.js";

/** An open defect: an issue labelled as a bug (`release.defectLabel`), with its priority label. */
export interface Defect {
  number: number;
  title: string;
  url: string;
  /** From a priority label (`priority: P0`, `P0`, or a deployment policy's P0-bug label). */
  priority?: Priority;
}

/** The commit a release's evidence must be about. */
export interface ReleaseCommit {
  sha: string;
  /** `tag`: the release tag `<version>` exists and points here; else the default branch's head. */
  source: "tag" | "default-branch";
  /** The tag or branch name. */
  ref: string;
}

/** Everything the readiness report is assembled from; gathered by the adapter, judged here. */
export interface ReadinessInput {
  version: string;
  commit: ReleaseCommit;
  /** The trusted reports on the release commit (see commitEvidence). */
  evidence: CommitEvidence;
  /** Thresholds the load report must meet: every deployment policy's, else the report's own. */
  loadThresholds: string[];
  /** Open alerts and the policy they are judged by; absent when no policy sets `security`. */
  security?: { policy: SecurityPolicy; evidence: SecurityEvidence };
  defects: Defect[];
  /** The defect search on github.com (open issues with the defect label). */
  defectsUrl: string;
  /** The deployment gate's evidence per environment of `gates.deployments`. */
  environments: Array<{ name: string; policy: DeploymentPolicy; evidence: DeploymentEvidence }>;
}

/** One thing evidence decides, keyed as checklist items name it (`<!-- flightdeck:evidence KEY -->`). */
export interface EvidenceCheck {
  /** `qa`, `load`, `security`, `defects.p0` or `custom:<name>`. */
  key: string;
  label: string;
  status: "pass" | "fail" | "missing";
  /** One line, already sanitized: what was found ("2 failing P0 tests", "no load report on abc1234"). */
  detail: string;
  /** Where the evidence is (its check run, the alert list, the defect search). */
  url?: string;
}

/**
 * The evidence checks of a release: QA (every test passes, P0 included), the load report against
 * the thresholds, security (when a policy sets it), no open P0 defect, and each custom report
 * (all its checks pass) — plus a missing check for every `custom:<name>` in `wanted` that no
 * workflow published. Pure.
 */
export function evidenceChecks(input: ReadinessInput, wanted: string[] = []): EvidenceCheck[] {
  const short = input.commit.sha.slice(0, 7);
  const out: EvidenceCheck[] = [];
  const qa = input.evidence.qa;
  if (!qa) out.push({ key: "qa", label: "QA", status: "missing", detail: `no QA report on ${short}` });
  else {
    const t = qa.report.tests;
    const p0 = qa.report.byPriority.P0;
    const p0Bad = p0.failed + p0.errored;
    const bad = t.failed + t.errored;
    out.push({
      key: "qa",
      label: "QA",
      status: t.total > 0 && bad === 0 ? "pass" : "fail",
      detail:
        t.total === 0
          ? "the QA report found no tests"
          : bad
            ? `${plural(bad, "failing test")}${p0Bad ? ` (${p0Bad} P0)` : ""}`
            : `${t.passed}/${t.total - t.skipped} tests pass`,
      url: qa.url,
    });
  }

  const load = input.evidence.load;
  if (!load)
    out.push({ key: "load", label: "Load test", status: "missing", detail: `no load report on ${short}` });
  else {
    const results = loadResults(load.report, input.loadThresholds);
    const failed = results.filter((r) => !r.pass);
    out.push({
      key: "load",
      label: "Load test",
      status: failed.length ? "fail" : "pass",
      detail: failed.length
        ? `thresholds failed: ${failed.map((r) => `${r.expression} (actual ${r.actual})`).join(", ")}`
        : results.length
          ? `${results.map((r) => r.expression).join(", ")} met`
          : `p95 ${load.report.latencyMs.p95} ms (no thresholds set)`,
      url: load.url,
    });
  }

  if (input.security) {
    const criteria = securityCriteria(input.security.policy, input.security.evidence);
    const bad = criteria.filter((c) => c.status !== "pass");
    out.push({
      key: "security",
      label: "Security",
      status: bad.length ? "fail" : "pass",
      detail: bad.length ? bad.map((c) => c.reason).join("; ") : "open alerts within limits",
      ...(securityUrl(input.security.evidence)
        ? { url: securityUrl(input.security.evidence) as string }
        : {}),
    });
  }

  const p0 = input.defects.filter((d) => d.priority === "P0");
  out.push({
    key: "defects.p0",
    label: "P0 defects",
    status: p0.length ? "fail" : "pass",
    detail: p0.length ? `${plural(p0.length, "open P0 defect")}` : "no open P0 defects",
    url: input.defectsUrl,
  });

  const custom = new Map(input.evidence.custom.map((c) => [c.report.name, c]));
  const names = new Set([
    ...custom.keys(),
    ...wanted.filter((k) => k.startsWith("custom:")).map((k) => k.slice(7)),
  ]);
  for (const name of [...names].sort()) {
    const found = custom.get(name);
    if (!found) {
      out.push({
        key: `custom:${name}`,
        label: name,
        status: "missing",
        detail: `no ${name} report on ${short}`,
      });
      continue;
    }
    const failed = found.report.checks.filter((c) => !c.pass);
    out.push({
      key: `custom:${name}`,
      label: name,
      status: failed.length ? "fail" : "pass",
      detail: failed.length
        ? `${failed.length}/${found.report.checks.length} checks fail: ${failed
            .slice(0, 3)
            .map((c) => inlineUntrusted(c.name))
            .join(", ")}${failed.length > 3 ? ", …" : ""}`
        : `${found.report.checks.length}/${found.report.checks.length} checks pass`,
      url: found.url,
    });
  }
  return out;
}

/** One load threshold's outcome, the actual value formatted in its unit. */
export interface LoadResult {
  expression: string;
  actual: string;
  pass: boolean;
}

/** The load report against `thresholds` (or, without any, the thresholds recorded in the report). */
export function loadResults(report: LoadReport, thresholds: string[]): LoadResult[] {
  if (!thresholds.length) {
    return report.thresholds.map((t) => ({
      expression: t.expression,
      actual: formatMetric(t.metric, t.actual, t.limit),
      pass: t.pass,
    }));
  }
  return thresholds.map((expression) => {
    const t = parseThreshold(expression);
    const actual = loadMetric(report, t.metric);
    return { expression, actual: formatMetric(t.metric, actual, t.limit), pass: thresholdPasses(t, actual) };
  });
}

function securityUrl(evidence: SecurityEvidence): string | undefined {
  return Object.values(evidence.findings).find((f) => f?.listUrl)?.listUrl;
}

/** The deployment gate's answer for one environment now, and its blocking reasons. */
export interface EnvironmentReadiness {
  name: string;
  decision: DeploymentDecision["decision"];
  reasons: string[];
}

/**
 * What Flightdeck's deployment rule would answer for each environment now, with the checklist
 * progress the updated body will have (so the answer does not lag one update behind). Pure.
 */
export function environmentStates(
  environments: ReadinessInput["environments"],
  progress: { done: number; total: number },
): EnvironmentReadiness[] {
  return environments.map(({ name, policy, evidence }) => {
    const e = evidence.checklist
      ? { ...evidence, checklist: { ...evidence.checklist, ...progress } }
      : evidence;
    const result = evaluateDeployment(policy, e);
    const blocking = (c: Criterion) => c.level === "block" && c.status !== "pass";
    return {
      name,
      decision: result.decision,
      reasons: result.criteria.filter(blocking).map((c) => c.reason),
    };
  });
}
