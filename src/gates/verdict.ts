import type { Level } from "../config/schema.js";
import { tableCell } from "../text/sanitize.js";

/** The outcome of one criterion. */
export type CriterionStatus = "pass" | "fail" | "missing";

/** One line of a verdict: what was required, what was found, and what it means. */
export interface Criterion {
  id: string;
  /** What is checked, for people ("QA report", "qa approvals"). */
  label: string;
  required: string;
  actual: string;
  status: CriterionStatus;
  level: Exclude<Level, "off">;
  /** Approvals are the one kind of criterion a person can satisfy in the PR itself. */
  kind: "evidence" | "approval" | "veto";
  /** The human-readable reason ("1/2 qa approvals", "coverage 78.4% < 80%"). */
  reason: string;
}

/** Go / no-go with a colour and every reason; `conclusion` is the check run conclusion to post. */
export interface Verdict {
  decision: "go" | "no-go";
  color: "green" | "yellow" | "red";
  conclusion: "success" | "neutral" | "failure" | "action_required";
  /** One-line summary for the check run title. */
  title: string;
  criteria: Criterion[];
}

/**
 * Combines criteria into a verdict: any failing or missing blocking criterion is a no-go (red),
 * unless every blocking miss is an approval, which a reviewer can give in the PR
 * (action_required, still a no-go); failing warnings make a go yellow (neutral); otherwise green.
 */
export function combine(criteria: Criterion[]): Verdict {
  const blocking = criteria.filter((c) => c.level === "block" && c.status !== "pass");
  const warnings = criteria.filter((c) => c.level === "warn" && c.status !== "pass");
  if (blocking.length) {
    const onlyApprovals = blocking.every((c) => c.kind === "approval");
    return {
      decision: "no-go",
      color: "red",
      conclusion: onlyApprovals ? "action_required" : "failure",
      title: `No-go: ${blocking.map((c) => c.reason).join("; ")}`,
      criteria,
    };
  }
  if (warnings.length) {
    return {
      decision: "go",
      color: "yellow",
      conclusion: "neutral",
      title: `Go with warnings: ${warnings.map((c) => c.reason).join("; ")}`,
      criteria,
    };
  }
  return {
    decision: "go",
    color: "green",
    conclusion: "success",
    title: criteria.length ? "Go: every criterion is met" : "Go: no criteria configured",
    criteria,
  };
}

const ICON: Record<CriterionStatus, Record<Exclude<Level, "off">, string>> = {
  pass: { block: "✅", warn: "✅" },
  fail: { block: "❌", warn: "⚠️" },
  missing: { block: "❌", warn: "⚠️" },
};

/** The verdict as a Markdown table: every criterion, required vs actual. */
export function verdictMarkdown(verdict: Verdict): string {
  const badge = { green: "🟢 **Go**", yellow: "🟡 **Go with warnings**", red: "🔴 **No-go**" }[verdict.color];
  const rows = verdict.criteria.map(
    (c) =>
      `| ${ICON[c.status][c.level]} | ${tableCell(c.label)} | ${tableCell(c.required)} | ${tableCell(c.actual)} | ${c.level === "block" ? "blocking" : "warning"} |`,
  );
  return [
    badge,
    "",
    ...(rows.length
      ? ["| | Criterion | Required | Actual | Level |", "|---|---|---|---|---|", ...rows]
      : ["No criteria are configured under `gates.pullRequest`."]),
  ].join("\n");
}
