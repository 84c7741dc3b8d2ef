import type { TestCounts } from "../reports/schema.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted, mermaidLabel, tableCell } from "../text/sanitize.js";
import type { DoraFigures } from "./dora.js";
import type { EpicOutcome, LaunchFacts } from "./facts.js";
import { dateOf, type PlanActual } from "./plan-actual.js";
import type { ActionItem, Retrospective } from "./retro.js";

/** Everything a launch report shows, computed before rendering. */
export interface LaunchReport {
  facts: LaunchFacts;
  plan: PlanActual;
  dora: DoraFigures[];
  retro: Retrospective;
  /** Optional narrative paragraph (the product role's, within budget); sanitized before it is shown. */
  narrative?: string;
}

/** Where a report is posted and what it is about: one sticky comment per scope. */
export type ReportScope = { release: string } | { epic: number };

/** `<!-- flightdeck:launch-report release=v1.4.0 -->` or `… epic=12 -->`: the sticky report comment. */
export function reportMarker(scope: ReportScope): string {
  return "release" in scope
    ? `<!-- flightdeck:launch-report release=${scope.release} -->`
    : `<!-- flightdeck:launch-report epic=${scope.epic} -->`;
}

const ITEMS = /<!-- flightdeck:retro-items ([A-Za-z0-9+/=]*) -->/;
const MAX_GANTT_TASKS = 40;
const MAX_BODY = 60_000;

/** The action items embedded in a report comment this App wrote (base64 JSON: no `--` inside). */
export function itemsMarker(items: ActionItem[]): string {
  return `<!-- flightdeck:retro-items ${Buffer.from(JSON.stringify(items), "utf8").toString("base64")} -->`;
}

/** Reads the action items back from a report comment's body. @returns [] when absent or unreadable */
export function parseItems(body: string): ActionItem[] {
  const m = ITEMS.exec(body);
  if (!m) return [];
  try {
    const items = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as unknown;
    return Array.isArray(items)
      ? items.filter(
          (i): i is ActionItem =>
            typeof i?.key === "string" && typeof i?.title === "string" && typeof i?.body === "string",
        )
      : [];
  } catch {
    return [];
  }
}

/**
 * Renders the launch report as one Markdown comment: summary, plan vs actual by role with a
 * mermaid gantt of plan against actual, the evidence on the released commit, deployments with
 * the DORA figures, spend, and the retrospective with its action items (embedded for
 * `/flightdeck retro apply`). Stays under GitHub's 65,536-character comment limit. Pure.
 */
export function renderLaunchReport(report: LaunchReport, scope: ReportScope): string {
  const { facts, plan } = report;
  const title = facts.version
    ? `release ${inlineUntrusted(facts.version)}`
    : `epic #${facts.epics[0]?.number ?? ""}`;
  const lines: string[] = [reportMarker(scope), `## 🚀 Launch report: ${title}`, ""];
  const released = facts.release
    ? `released \`${facts.release.sha.slice(0, 7)}\` to **${facts.environment}** on ${dateOf(facts.release.deployedAt)}`
    : `not yet deployed to **${facts.environment}**`;
  lines.push(`${released} · ${plural(facts.epics.length, "epic")} · report of ${dateOf(facts.now)}`, "");
  if (report.narrative) lines.push(inlineUntrusted(report.narrative), "");

  lines.push("| | Planned | Actual |", "|---|---|---|");
  lines.push(`| Tasks | ${plan.tasks} | ${plan.done} done |`);
  lines.push(`| Effort | ${plan.estimateHours} h | ${plan.doneHours} h of it done |`);
  const finish = plan.actual
    ? `${plan.actual}${plan.slipDays ? ` (${plan.slipDays > 0 ? `${plural(plan.slipDays, "day")} late` : `${plural(-plan.slipDays, "day")} early`})` : ""}`
    : "not finished";
  lines.push(`| Finish | ${plan.forecast ?? "no forecast"} | ${finish} |`, "");

  if (plan.roles.length) {
    lines.push(
      "### Plan vs actual by role",
      "",
      "| Role | Tasks | Done | Estimate | Median days open | Slipped |",
    );
    lines.push("|---|---:|---:|---:|---:|---:|");
    for (const r of plan.roles)
      lines.push(
        `| ${r.role} | ${r.tasks} | ${r.done} | ${r.estimateHours} h | ${r.medianDaysOpen ?? "—"} | ${r.slipped} |`,
      );
    lines.push("", ...gantt(facts.epics, facts.now), "");
  }

  lines.push(...evidence(facts), ...deployments(facts, report.dora));
  if (facts.spend) {
    const budget =
      facts.spend.budgetUsd !== undefined ? ` of a $${facts.spend.budgetUsd.toFixed(2)} monthly budget` : "";
    lines.push("### LLM spend", "", `$${facts.spend.usd.toFixed(2)} this month${budget}.`, "");
  }
  lines.push(...retroLines(report.retro));
  const body = lines.join("\n");
  return body.length <= MAX_BODY
    ? body
    : `${body.slice(0, MAX_BODY - 200)}\n\n…(report shortened to fit a comment)\n${itemsMarker(report.retro.actions)}`;
}

function gantt(epics: EpicOutcome[], now: string): string[] {
  const tasks = epics.flatMap((e) => e.tasks).filter((t) => t.plannedStart && t.plannedFinish);
  if (!tasks.length) return [];
  const shown = tasks.slice(0, MAX_GANTT_TASKS);
  const out = [
    "```mermaid",
    "gantt",
    "  title Plan vs actual",
    "  dateFormat YYYY-MM-DD",
    "  axisFormat %m-%d",
  ];
  shown.forEach((t, i) => {
    const name = mermaidLabel(`${t.key ?? t.number} ${t.title}`)
      .replace(/[:;]/g, " ")
      .slice(0, 50);
    out.push(`  section ${name}`);
    out.push(
      `  planned :${t.critical ? "crit, " : ""}p${i}, ${t.plannedStart}, ${after(t.plannedStart as string, t.plannedFinish as string)}`,
    );
    const end = t.closedAt ? dateOf(t.closedAt) : dateOf(now);
    out.push(
      `  actual :${t.closedAt ? "done" : "active"}, a${i}, ${dateOf(t.createdAt)}, ${after(dateOf(t.createdAt), end)}`,
    );
  });
  out.push("```");
  if (tasks.length > shown.length) out.push(`(${tasks.length - shown.length} more tasks not drawn)`);
  return out;
}

/** A gantt end date at least one day after the start (mermaid draws nothing for an empty bar). */
function after(start: string, end: string): string {
  if (end > start) return end;
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function evidence(facts: LaunchFacts): string[] {
  const out = ["### Evidence on the released commit", ""];
  if (facts.qa) {
    out.push("| QA | Total | Passed | Failed | Skipped | Pass rate |", "|---|---:|---:|---:|---:|---:|");
    for (const p of ["P0", "P1", "P2"] as const) out.push(countsRow(p, facts.qa.byPriority[p]));
    out.push(countsRow("All", facts.qa.tests));
    const cov = facts.qa.coverage?.lines;
    if (cov !== undefined) out.push("", `Line coverage ${cov} %.`);
    out.push("");
  } else out.push('No QA report (GitHub Actions\' "Flightdeck QA" check run) on the released commit.', "");
  if (facts.load) {
    const l = facts.load;
    const t = l.thresholds
      .map((x) => `${x.pass ? "✅" : "❌"} \`${tableCell(x.expression)}\` (${x.actual})`)
      .join(", ");
    out.push(
      `Load test: ${Math.round(l.rps)} req/s, p95 ${l.latencyMs.p95} ms, p99 ${l.latencyMs.p99} ms, errors ${(l.errorRate * 100).toFixed(2)} %${t ? ` — ${t}` : ""}.`,
      "",
    );
  }
  if (facts.watch) {
    const w = facts.watch;
    const rb = w.rollback ? ` — rolled back: ${inlineUntrusted(w.rollback.reason)}` : "";
    out.push(
      `Post-launch watch: **${w.outcome}** over ${plural(w.windows.length, "window")} of ${w.windowSec} s${rb}.`,
      "",
    );
  }
  for (const p of facts.evidenceProblems ?? []) out.push(`- ⚠️ Not counted: ${inlineUntrusted(p)}.`);
  if (facts.evidenceProblems?.length) out.push("");
  return out;
}

function countsRow(label: string, c: TestCounts): string {
  const run = c.total - c.skipped;
  const rate = run ? `${Math.round((c.passed / run) * 1000) / 10} %` : "—";
  return `| ${label} | ${c.total} | ${c.passed} | ${c.failed + c.errored} | ${c.skipped} | ${rate} |`;
}

function deployments(facts: LaunchFacts, dora: DoraFigures[]): string[] {
  const out = [`### Deployments (last ${facts.windowDays} days)`, ""];
  if (dora.length) {
    out.push(
      "| Environment | Deploys | Per week | Lead time | Change-failure rate | Time to restore |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const d of dora)
      out.push(
        `| ${tableCell(d.environment)} | ${d.deployments} | ${d.perWeek} | ${d.leadTimeHours !== undefined ? `${d.leadTimeHours} h (${d.leadTimeSample})` : "—"} | ${d.changeFailurePct !== undefined ? `${d.changeFailurePct} %` : "—"} | ${d.restoreHours !== undefined ? `${d.restoreHours} h` : "—"} |`,
      );
    const notes = dora.flatMap((d) => d.notes.map((n) => `${d.environment}: ${n}`));
    if (notes.length) out.push("", ...notes.map((n) => `- ${inlineUntrusted(n)}`));
    out.push("");
  }
  const bad = facts.deployments.filter((d) => d.outcome === "failure" || d.outcome === "rolled_back");
  for (const d of bad.slice(0, 20))
    out.push(
      `- ${d.outcome === "rolled_back" ? "↩️ rolled back" : "❌ failed"}: deployment ${d.id} of \`${d.sha.slice(0, 7)}\` to ${tableCell(d.environment)}${d.finishedAt ? ` on ${dateOf(d.finishedAt)}` : ""} — ${d.reason ? inlineUntrusted(d.reason) : "no reason recorded"}`,
    );
  if (bad.length) out.push("");
  return out;
}

function retroLines(retro: Retrospective): string[] {
  const out = ["### Retrospective", ""];
  out.push(
    "**What went well**",
    "",
    ...(retro.wentWell.length ? retro.wentWell.map((x) => `- ${x}`) : ["- Nothing the figures can tell."]),
    "",
  );
  out.push(
    "**What didn't**",
    "",
    ...(retro.didNot.length ? retro.didNot.map((x) => `- ${x}`) : ["- Nothing the figures show."]),
    "",
  );
  if (retro.actions.length) {
    out.push("**Action items**", "", ...retro.actions.map((a) => `- [ ] ${a.title}`), "");
    out.push("Comment `/flightdeck retro apply` to open each action item as an issue (once; write access).");
  }
  out.push(itemsMarker(retro.actions));
  return out;
}
