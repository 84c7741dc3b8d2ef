import type { Severity } from "../config/security-schema.js";
import type { SecurityAlert, SecurityEvidence, SecuritySource } from "../gates/security.js";
import { inlineUntrusted } from "../text/sanitize.js";
import type { Octokit } from "./octokit.js";

type Repo = { owner: string; repo: string };

/** Pages of 100 alerts read per source at most (1,000 alerts); more are reported as "1000+". */
export const MAX_ALERT_PAGES = 10;

/** The permission each source needs, as GitHub's App settings and manifest name it. */
const PERMISSION: Record<SecuritySource, string> = {
  codeScanning: '"Code scanning alerts: read" (`security_events`)',
  dependabot: '"Dependabot alerts: read" (`vulnerability_alerts`)',
  secretScanning: '"Secret scanning alerts: read" (`secret_scanning_alerts`)',
};
const FEATURE: Record<SecuritySource, string> = {
  codeScanning: "code scanning",
  dependabot: "Dependabot alerts",
  secretScanning: "secret scanning",
};

/** Code scanning's non-security `rule.severity`, when a rule has no `security_severity_level`. */
const RULE_SEVERITY: Record<string, Severity> = {
  error: "high",
  warning: "medium",
  note: "low",
  none: "low",
};

/**
 * Reads the open alerts of each source in `sources`, every page up to MAX_ALERT_PAGES of 100:
 * - code scanning on `ref`: GET /repos/{o}/{r}/code-scanning/alerts?ref=&state=open (severity:
 *   `rule.security_severity_level`, else `rule.severity` error → high, warning → medium, note → low);
 * - Dependabot: GET /repos/{o}/{r}/dependabot/alerts?state=open (`security_advisory.severity`;
 *   cursor-paged through the Link header);
 * - secret scanning: GET /repos/{o}/{r}/secret-scanning/alerts?state=open&hide_secret=true (the
 *   secret itself is never fetched).
 * A 403/404 — the feature is off ("Advanced Security must be enabled…", "no analysis found"), the
 * repository is not eligible, or the App lacks the permission ("Resource not accessible by
 * integration") — becomes that source's failure reason, for the gate to fail closed with.
 * @param htmlBase the repository's page, e.g. `https://github.com/o/r` (links to the alert lists)
 * @throws other errors (5xx, rate limits): the job retries
 */
export async function readSecurityEvidence(
  octokit: Octokit,
  repo: Repo,
  input: { ref: string; sources: SecuritySource[]; htmlBase: string },
): Promise<SecurityEvidence> {
  const findings: SecurityEvidence["findings"] = {};
  const base = input.htmlBase.replace(/\/+$/, "");
  for (const source of input.sources) {
    const listUrl = {
      codeScanning: `${base}/security/code-scanning?query=${encodeURIComponent(`is:open ref:${input.ref}`)}`,
      dependabot: `${base}/security/dependabot?q=is%3Aopen`,
      secretScanning: `${base}/security/secret-scanning`,
    }[source];
    try {
      findings[source] = { ok: true, listUrl, ...(await readSource(octokit, repo, source, input.ref)) };
    } catch (error) {
      const reason = unavailable(error, source, input.ref);
      if (reason === undefined) throw error;
      findings[source] = { ok: false, reason, listUrl };
    }
  }
  return { ref: input.ref, findings };
}

type Page = { data: unknown; headers: { link?: string } };

async function readSource(
  octokit: Octokit,
  repo: Repo,
  source: SecuritySource,
  ref: string,
): Promise<{ alerts: SecurityAlert[]; truncated: boolean }> {
  let pages = 0;
  let truncated = false;
  // Bounded: stop after MAX_ALERT_PAGES pages and say whether GitHub had more.
  const bound = (response: Page, done: () => void) => {
    pages++;
    if (pages >= MAX_ALERT_PAGES) {
      truncated = /rel="next"/.test(response.headers.link ?? "");
      done();
    }
    return response.data as Array<Record<string, unknown>>;
  };
  let raw: Array<Record<string, unknown>>;
  if (source === "codeScanning") {
    raw = await octokit.paginate(
      octokit.rest.codeScanning.listAlertsForRepo,
      { ...repo, ref, state: "open", per_page: 100 },
      bound as never,
    );
  } else if (source === "dependabot") {
    raw = await octokit.paginate(
      octokit.rest.dependabot.listAlertsForRepo,
      { ...repo, state: "open", per_page: 100 },
      bound as never,
    );
  } else {
    raw = await octokit.paginate(
      octokit.rest.secretScanning.listAlertsForRepo,
      { ...repo, state: "open", hide_secret: true, per_page: 100 },
      bound as never,
    );
  }
  return { alerts: raw.map((a) => toAlert(source, a)), truncated };
}

function toAlert(source: SecuritySource, a: Record<string, unknown>): SecurityAlert {
  const number = Number(a.number);
  const url = String(a.html_url ?? "");
  if (source === "codeScanning") {
    const rule = (a.rule ?? {}) as {
      security_severity_level?: Severity | null;
      severity?: string | null;
      id?: string | null;
      name?: string;
      description?: string;
    };
    const severity = rule.security_severity_level ?? RULE_SEVERITY[rule.severity ?? "none"] ?? "low";
    return { number, url, severity, title: String(rule.id ?? rule.name ?? rule.description ?? "alert") };
  }
  if (source === "dependabot") {
    const advisory = (a.security_advisory ?? {}) as { severity?: Severity; summary?: string };
    const pkg = ((a.dependency as { package?: { name?: string } } | undefined)?.package?.name ??
      "") as string;
    return {
      number,
      url,
      severity: advisory.severity ?? "high",
      title: [pkg, advisory.summary].filter(Boolean).join(": ") || "advisory",
    };
  }
  // Secret-scanning alerts have no severity: each is treated as high.
  return {
    number,
    url,
    severity: "high",
    title: String(a.secret_type_display_name ?? a.secret_type ?? "secret"),
  };
}

/**
 * Why a source cannot be read, from GitHub's 403/404 answer; undefined for errors worth
 * retrying (5xx, rate limits) or unknown ones.
 */
function unavailable(error: unknown, source: SecuritySource, ref: string): string | undefined {
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const said = inlineUntrusted(e.response?.data?.message ?? e.message ?? "").slice(0, 200);
  const rateLimited = /rate limit/i.test(said);
  if (e.status === 403 && !rateLimited && /not accessible by integration/i.test(said)) {
    return `Flightdeck cannot read ${FEATURE[source]}: the app lacks the ${PERMISSION[source]} permission (GitHub answered 403 "${said}"); accept the new permissions in the installation's settings`;
  }
  if (e.status === 403 && !rateLimited) {
    return `${FEATURE[source]} is not available for this repository (GitHub answered 403 "${said}")`;
  }
  if (e.status === 404) {
    const what =
      source === "codeScanning"
        ? `${FEATURE[source]} has no analysis for ${ref}`
        : `${FEATURE[source]} is off for this repository`;
    return `${what} (GitHub answered 404 "${said}")`;
  }
  return undefined;
}
