import { SEVERITIES, type SecurityPolicy, type Severity } from "../config/security-schema.js";
import { plural } from "../text/plural.js";
import { inlineUntrusted } from "../text/sanitize.js";
import type { Criterion } from "./verdict.js";

/** The three alert sources GitHub keeps for a repository. */
export const SECURITY_SOURCES = ["codeScanning", "dependabot", "secretScanning"] as const;
export type SecuritySource = (typeof SECURITY_SOURCES)[number];

const LABEL: Record<SecuritySource, string> = {
  codeScanning: "Code scanning alerts",
  dependabot: "Dependabot alerts",
  secretScanning: "Secret scanning alerts",
};
const SHORT: Record<SecuritySource, string> = {
  codeScanning: "code scanning",
  dependabot: "Dependabot",
  secretScanning: "secret scanning",
};

/** One open alert as the gate shows it. Secret-scanning alerts have no severity (always `high`). */
export interface SecurityAlert {
  number: number;
  severity: Severity;
  /** The alert's page on github.com (`html_url`). */
  url: string;
  /** Rule, advisory or secret type (from the producing tool: untrusted text). */
  title: string;
}

/**
 * What GitHub answered for one source: its open alerts (at most the adapter's bound, `truncated`
 * when there were more), or why none could be read — the feature is off ("Advanced Security must
 * be enabled…", "no analysis found"), the App lacks the permission, or another error — which
 * fails the criterion closed.
 */
export type SourceFindings =
  | { ok: true; alerts: SecurityAlert[]; truncated?: boolean; listUrl: string }
  | { ok: false; reason: string; listUrl?: string };

/** The findings of every source the policy reads, and the ref code scanning was read on. */
export interface SecurityEvidence {
  /** e.g. `refs/pull/12/merge`, `refs/heads/main`, `refs/tags/v1.4.0`. */
  ref: string;
  findings: Partial<Record<SecuritySource, SourceFindings>>;
}

/** The sources a policy reads (those whose level is not `off`). */
export function activeSources(policy: SecurityPolicy | undefined): SecuritySource[] {
  if (!policy) return [];
  return SECURITY_SOURCES.filter((s) => policy[s].level !== "off");
}

/** Counts of alerts per severity. */
export function countBySeverity(alerts: SecurityAlert[]): Record<Severity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const a of alerts) counts[a.severity]++;
  return counts;
}

/** The limits of a source as `severity → most allowed` (unset severities are unlimited). */
function limitsOf(policy: SecurityPolicy, source: SecuritySource): Partial<Record<Severity, number>> {
  if (source === "secretScanning") return { high: policy.secretScanning.max };
  const p = policy[source];
  const out: Partial<Record<Severity, number>> = { critical: p.maxCritical, high: p.maxHigh };
  if (p.maxMedium !== undefined) out.medium = p.maxMedium;
  if (p.maxLow !== undefined) out.low = p.maxLow;
  return out;
}

/**
 * The `security` criteria of a policy, one per source whose level is not `off`: open alerts per
 * severity against the limits (`maxCritical: 0, maxHigh: 3`), with links to the alerts over a
 * limit in `actual`. A source without findings (not read) or whose read failed is a failure with
 * the reason — fail closed: a gate never passes on security it could not see. Pure.
 */
export function securityCriteria(
  policy: SecurityPolicy | undefined,
  evidence: SecurityEvidence,
): Criterion[] {
  const out: Criterion[] = [];
  if (!policy) return out;
  for (const source of activeSources(policy)) {
    const level = policy[source].level as "block" | "warn";
    const limits = limitsOf(policy, source);
    const found = evidence.findings[source];
    const required = requiredText(source, limits);
    const base = {
      id: `security.${source}`,
      label: LABEL[source],
      required,
      level,
      kind: "evidence" as const,
    };
    if (!found?.ok) {
      const reason = found?.reason ?? `${SHORT[source]} alerts were not read`;
      // The title is cut at 255 characters: the table's cell keeps the whole reason.
      out.push({
        ...base,
        actual: `unreadable: ${reason.replace(/\|/g, "\\|")}`,
        status: "fail",
        reason: `${SHORT[source]}: ${reason}`,
      });
      continue;
    }
    const counts = countBySeverity(found.alerts);
    const over = SEVERITIES.filter((s) => limits[s] !== undefined && counts[s] > (limits[s] as number));
    const more = found.truncated ? "+" : "";
    const countText = (s: Severity) =>
      source === "secretScanning" ? `${counts.high}${more} open` : `${counts[s]}${more} ${s}`;
    const summary =
      source === "secretScanning"
        ? countText("high")
        : SEVERITIES.filter((s) => counts[s] > 0 || limits[s] !== undefined)
            .map(countText)
            .join(", ");
    const links = over.length
      ? ` — ${alertLinks(found.alerts.filter((a) => over.includes(a.severity)))}`
      : "";
    out.push({
      ...base,
      actual: `[${summary}](${found.listUrl})${links}`,
      status: over.length ? "fail" : "pass",
      reason: over.length
        ? `${SHORT[source]}: ${over.map((s) => `${countText(s)} > ${limits[s]}`).join(", ")}`
        : `${SHORT[source]}: ${summary === "" ? "no open alerts" : summary} within limits`,
    });
  }
  return out;
}

function requiredText(source: SecuritySource, limits: Partial<Record<Severity, number>>): string {
  if (source === "secretScanning") return `≤ ${limits.high} open`;
  return SEVERITIES.filter((s) => limits[s] !== undefined)
    .map((s) => `≤ ${limits[s]} ${s}`)
    .join(", ");
}

/** Links to the first alerts (most severe first), e.g. `[#4 js/zipslip](…)`, and how many more. */
export function alertLinks(alerts: SecurityAlert[], max = 5): string {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const sorted = [...alerts].sort((a, b) => rank(a.severity) - rank(b.severity) || a.number - b.number);
  const shown = sorted.slice(0, max).map(
    (a) =>
      `[${a.number} ${inlineUntrusted(a.title)
        .replace(/[[\]|]/g, " ")
        .slice(0, 60)}](${a.url})`,
  );
  const rest = sorted.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${plural(rest, "more alert")}` : shown.join(", ");
}
