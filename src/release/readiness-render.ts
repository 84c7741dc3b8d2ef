import { countBySeverity, SECURITY_SOURCES, securityCriteria } from "../gates/security.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted, tableCell } from "../text/sanitize.js";
import { loadResults, type ReadinessInput } from "./readiness.js";
import type { Readiness } from "./readiness-body.js";
import { type ReadinessSummary, summaryMarker } from "./readiness-summary.js";

const rate = (passed: number, ran: number) => (ran ? `${((passed / ran) * 100).toFixed(1)} %` : "—");
const DECISION = { go: "🟢 **Go**", "no-go": "🔴 **No-go**" };
const ENV = { approve: "✅ approve", reject: "❌ reject", pending: "⏳ waiting" };

/**
 * The readiness section's Markdown (without its start/end markers): the overall go / no-go with
 * every reason, QA by priority, the load test against its thresholds, security findings, custom
 * reports, open defects by priority and the deployment gate per environment, each with a link
 * to its evidence, and a hidden summary (base64 JSON) for the deployment rule's status report.
 * Untrusted text (issue titles, report check names) is sanitized. No task-list items: the
 * section never changes the checklist's progress.
 */
export function readinessSection(r: Readiness, input: ReadinessInput): string {
  const short = input.commit.sha.slice(0, 7);
  const where =
    input.commit.source === "tag"
      ? `the tag \`${inlineUntrusted(input.commit.ref)}\``
      : `the head of \`${inlineUntrusted(input.commit.ref)}\` (no tag \`${inlineUntrusted(input.version)}\` yet)`;
  const out = [
    `## Readiness report: ${DECISION[r.decision]}`,
    "",
    `Assembled by Flightdeck from the evidence on \`${short}\`, ${where}. Flightdeck rewrites this section and the items marked by evidence; everything else in this issue is yours.`,
    "",
    ...(r.reasons.length
      ? r.reasons.map((x) => `- ${x}`)
      : ["- every evidence check passes and every checklist item is ticked"]),
  ];
  const qa = input.evidence.qa;
  out.push("", `### QA by priority${qa ? ` — [Flightdeck QA](${qa.url})` : ""}`, "");
  if (!qa) out.push(`No trusted QA report on \`${short}\` yet.`);
  else {
    out.push("| Priority | Passed | Failed | Skipped | Pass rate |", "|---|---|---|---|---|");
    for (const p of ["P0", "P1", "P2"] as const) {
      const c = qa.report.byPriority[p];
      const ran = c.total - c.skipped;
      out.push(
        `| ${p} | ${c.passed}/${ran} | ${c.failed + c.errored} | ${c.skipped} | ${rate(c.passed, ran)} |`,
      );
    }
  }
  const load = input.evidence.load;
  out.push("", `### Load test${load ? ` — [Flightdeck Load Test](${load.url})` : ""}`, "");
  if (!load) out.push(`No trusted load report on \`${short}\` yet.`);
  else {
    const results = loadResults(load.report, input.loadThresholds);
    out.push(
      `p95 ${load.report.latencyMs.p95} ms, ${load.report.rps.toFixed(1)} req/s against ${inlineUntrusted(load.report.target)}.`,
    );
    if (results.length) {
      out.push("", "| Threshold | Actual | Result |", "|---|---|---|");
      for (const t of results)
        out.push(`| \`${t.expression}\` | ${t.actual} | ${t.pass ? "✅ pass" : "❌ fail"} |`);
    }
  }
  if (input.security) {
    out.push("", "### Security", "", "| Source | Open alerts | Result |", "|---|---|---|");
    const criteria = securityCriteria(input.security.policy, input.security.evidence);
    for (const source of SECURITY_SOURCES) {
      const f = input.security.evidence.findings[source];
      if (!f) continue;
      const label = {
        codeScanning: "Code scanning",
        dependabot: "Dependabot",
        secretScanning: "Secret scanning",
      }[source];
      if (!f.ok) {
        out.push(`| ${label} | unreadable | ❌ ${tableCell(f.reason)} |`);
        continue;
      }
      const c = countBySeverity(f.alerts);
      const counts =
        source === "secretScanning"
          ? `${f.alerts.length}`
          : `${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low`;
      const verdict = criteria.find((x) => x.id === `security.${source}`);
      const result = !verdict
        ? "not checked"
        : verdict.status === "pass"
          ? `✅ ${verdict.required}`
          : `❌ ${verdict.reason}`;
      out.push(`| ${label} | [${counts}${f.truncated ? "+" : ""}](${f.listUrl}) | ${tableCell(result)} |`);
    }
  }
  if (input.evidence.custom.length) {
    out.push("", "### Other evidence", "");
    for (const c of input.evidence.custom) {
      const failed = c.report.checks.filter((x) => !x.pass);
      out.push(
        `- ${failed.length ? "❌" : "✅"} [${c.report.name}](${c.url}): ${c.report.checks.length - failed.length}/${c.report.checks.length} checks pass`,
      );
      for (const f of failed.slice(0, 10))
        out.push(`  - ❌ ${inlineUntrusted(f.name)}${f.detail ? `: ${inlineUntrusted(f.detail)}` : ""}`);
      if (failed.length > 10) out.push(`  - …and ${plural(failed.length - 10, "more failing check")}`);
    }
  }
  out.push("", `### Open defects — [search](${input.defectsUrl})`, "");
  if (!input.defects.length) out.push("None.");
  else {
    out.push("| Priority | Open | Issues |", "|---|---|---|");
    for (const p of ["P0", "P1", "P2", undefined] as const) {
      const list = input.defects.filter((d) => d.priority === p);
      if (!list.length) continue;
      const shown = list
        .slice(0, 10)
        .map((d) => `[#${d.number}](${d.url}) ${tableCell(d.title).slice(0, 80)}`);
      out.push(`| ${p ?? "none"} | ${list.length} | ${shown.join("<br>")}${list.length > 10 ? " …" : ""} |`);
    }
  }
  if (r.environments.length) {
    out.push(
      "",
      "### Deployment gate per environment",
      "",
      "| Environment | Flightdeck's rule now | Why |",
      "|---|---|---|",
    );
    for (const e of r.environments) {
      out.push(
        `| ${tableCell(e.name)} | ${ENV[e.decision]} | ${e.reasons.length ? e.reasons.map(tableCell).join("; ") : "every blocking criterion passes"} |`,
      );
    }
  }
  const summary: ReadinessSummary = {
    version: input.version,
    decision: r.decision,
    reasons: r.reasons.slice(0, 5).map((x) => x.slice(0, 200)),
    count: r.reasons.length,
  };
  out.push("", summaryMarker(summary));
  return out.join("\n");
}
