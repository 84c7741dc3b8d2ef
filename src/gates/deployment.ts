import type { DeploymentPolicy, Level } from "../config/schema.js";
import { formatMetric } from "../load/format.js";
import { parseThreshold, thresholdPasses } from "../load/thresholds.js";
import { type ReadinessSummary, readinessLine } from "../release/readiness-summary.js";
import type { LoadReport, QaReport } from "../reports/schema.js";
import { plural } from "../text/plural.js";
import { type SecurityEvidence, securityCriteria } from "./security.js";
import type { Criterion } from "./verdict.js";

/** Everything the deployment rule looks at for one commit and environment. */
export interface DeploymentEvidence {
  sha: string;
  environment: string;
  now: Date;
  /** The Go/No-Go verdict of the pull request that brought the commit. */
  pullRequestGate: { state: "go" | "no-go" | "pending" | "none"; pull?: number; title?: string };
  /** Latest completed QA report on the commit; `pending` while its check run runs. */
  qa?: QaReport | "pending";
  load?: LoadReport | "pending";
  /** The open readiness checklist, with its ticked and total items. */
  checklist?: { number: number; title: string; done: number; total: number };
  /** Why check runs on the commit were not evidence (e.g. from workflows no review saw). */
  distrust?: string[];
  /** Open issues with the P0 bug label. */
  p0Bugs: Array<{ number: number; title: string }>;
  /** Open security alerts, read when the policy has `security` (code scanning on the deployed ref). */
  security?: SecurityEvidence;
  /** The release issue's readiness report (its summary), shown in the status report. */
  readiness?: { issue: number; summary: ReadinessSummary };
}

/** The rule's answer: approve, reject, or wait for evidence (and say what is awaited). */
export interface DeploymentDecision {
  decision: "approve" | "reject" | "pending";
  criteria: Criterion[];
  /** Markdown for the callback's comment; GitHub caps it at 1,024 characters. */
  comment: string;
}

/** GitHub's limit on a deployment protection rule comment, in characters. */
export const CALLBACK_COMMENT_LIMIT = 1024;

const on = (l: Level): l is "block" | "warn" => l !== "off";

/**
 * Evaluates `gates.deployments.<environment>` for a commit. Pure. A blocking criterion that
 * failed rejects; one whose evidence has not arrived yet (a QA or load report, a running gate, an
 * unticked checklist) keeps the deployment pending; otherwise it is approved. Warnings are noted.
 */
export function evaluateDeployment(policy: DeploymentPolicy, e: DeploymentEvidence): DeploymentDecision {
  const short = e.sha.slice(0, 7);
  const c: Criterion[] = [];
  const add = (level: Level, x: Omit<Criterion, "level" | "kind">) => {
    if (on(level)) c.push({ ...x, level, kind: "evidence" });
  };

  const gate = e.pullRequestGate;
  add(policy.pullRequestGate, {
    id: "pull-request-gate",
    label: "Pull request go/no-go",
    required: "go",
    actual: gate.state === "none" ? "no pull request" : gate.state,
    status: gate.state === "go" ? "pass" : gate.state === "pending" ? "missing" : "fail",
    reason:
      gate.state === "go"
        ? `#${gate.pull} is a go`
        : gate.state === "none"
          ? `no pull request brought ${short}, so it has no go/no-go verdict`
          : gate.state === "pending"
            ? `the go/no-go of #${gate.pull} is not decided yet`
            : `#${gate.pull} is a no-go: ${gate.title ?? "see its Flightdeck Go/No-Go check"}`,
  });

  const qa = e.qa;
  const qaBad = qa && qa !== "pending" ? qa.tests.failed + qa.tests.errored : 0;
  add(policy.qa, {
    id: "qa",
    label: "QA report",
    required: `a passing QA report on ${short}`,
    actual: !qa ? "none" : qa === "pending" ? "running" : `${qa.tests.passed}/${qa.tests.total} passed`,
    status: !qa || qa === "pending" ? "missing" : qa.tests.total > 0 && qaBad === 0 ? "pass" : "fail",
    reason: !qa
      ? `no ${e.distrust?.length ? "trusted " : ""}QA report on ${short}${e.distrust?.length ? `: ${e.distrust[0]}` : " yet"}`
      : qa === "pending"
        ? `the QA run on ${short} has not finished`
        : qa.tests.total === 0
          ? "the QA report found no tests"
          : qaBad
            ? `${plural(qaBad, "failing test")} on ${short}`
            : "QA passed",
  });

  if (policy.load) {
    const load = e.load;
    const failed =
      load && load !== "pending"
        ? policy.load.thresholds
            .map(parseThreshold)
            .map((t) => ({ t, actual: loadMetric(load, t.metric) }))
            .filter(({ t, actual }) => !thresholdPasses(t, actual))
        : [];
    add(policy.load.level, {
      id: "load",
      label: "Load test",
      required: policy.load.thresholds.join(", ") || `a load report on ${short}`,
      actual: !load
        ? "none"
        : load === "pending"
          ? "running"
          : `p95 ${load.latencyMs.p95} ms, ${load.rps} req/s, ${(load.errorRate * 100).toFixed(2)}% errors`,
      status: !load || load === "pending" ? "missing" : failed.length ? "fail" : "pass",
      reason: !load
        ? `no ${e.distrust?.length ? "trusted " : ""}load report on ${short}${e.distrust?.length ? `: ${e.distrust[0]}` : " yet"}`
        : load === "pending"
          ? `the load test on ${short} has not finished`
          : failed.length
            ? `load thresholds failed: ${failed.map(({ t, actual }) => `${t.expression} (actual ${formatMetric(t.metric, actual, t.limit)})`).join(", ")}`
            : "load thresholds met",
    });
  }

  const list = e.checklist;
  add(policy.checklist, {
    id: "checklist",
    label: "Readiness checklist",
    required: "every item ticked",
    actual: list ? `${list.done}/${list.total} in #${list.number}` : "none open",
    status: list && list.total > 0 && list.done === list.total ? "pass" : "missing",
    reason: !list
      ? "no open readiness checklist (comment `/flightdeck launch <version>`)"
      : `${list.total - list.done} of ${list.total} checklist items open in #${list.number}`,
  });

  add(policy.p0Bugs.level, {
    id: "p0-bugs",
    label: `Open "${policy.p0Bugs.label}" issues`,
    required: "none",
    actual: String(e.p0Bugs.length),
    status: e.p0Bugs.length ? "fail" : "pass",
    reason: e.p0Bugs.length
      ? `open P0 bugs: ${e.p0Bugs.map((b) => `#${b.number}`).join(", ")}`
      : "no open P0 bugs",
  });

  c.push(...securityCriteria(policy.security, e.security ?? { ref: "", findings: {} }));

  const freeze = policy.freeze.find((f) => e.now >= new Date(f.from) && e.now < new Date(f.to));
  c.push({
    id: "freeze",
    label: "Change freeze",
    required: "outside freeze windows",
    actual: freeze ? `${freeze.reason} until ${freeze.to}` : "no freeze",
    status: freeze ? "fail" : "pass",
    level: "block",
    kind: "evidence",
    reason: freeze ? `change freeze (${freeze.reason}) until ${freeze.to}` : "no change freeze",
  });

  const blocking = c.filter((x) => x.level === "block");
  const decision = blocking.some((x) => x.status === "fail")
    ? "reject"
    : blocking.some((x) => x.status === "missing")
      ? "pending"
      : "approve";
  return { decision, criteria: c, comment: decisionComment(decision, e, c) };
}

function decisionComment(
  decision: DeploymentDecision["decision"],
  e: DeploymentEvidence,
  c: Criterion[],
): string {
  let head = {
    approve: `✅ **Flightdeck: go** for ${e.environment} at ${e.sha.slice(0, 7)}.`,
    reject: `❌ **Flightdeck: no-go** for ${e.environment} at ${e.sha.slice(0, 7)}.`,
    pending: `⏳ **Flightdeck is waiting** for evidence before ${e.environment} at ${e.sha.slice(0, 7)}.`,
  }[decision];
  // The release's readiness report, in one line: the answer stays within GitHub's 1,024 characters.
  if (e.readiness) head = `${head}\n${readinessLine(e.readiness.summary, e.readiness.issue, 300)}`;
  const lines = c.map(
    (x) =>
      `- ${x.status === "pass" ? "✅" : x.status === "missing" ? "⏳" : x.level === "warn" ? "⚠️" : "❌"} ${x.reason}`,
  );
  let text = [head, "", ...lines].join("\n");
  while (text.length > CALLBACK_COMMENT_LIMIT && lines.length) {
    lines.pop();
    text = [head, "", ...lines, "- …"].join("\n");
  }
  return text.slice(0, CALLBACK_COMMENT_LIMIT);
}

/** A load report's value of a threshold metric (`p95` in ms, `rps`, `error_rate` 0–1, `requests`). */
export function loadMetric(load: LoadReport, name: string): number {
  if (name === "rps") return load.rps;
  if (name === "error_rate") return load.errorRate;
  if (name === "requests") return load.requests;
  return load.latencyMs[name as keyof LoadReport["latencyMs"]];
}
