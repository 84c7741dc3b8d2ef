import { readFileSync } from "node:fs";
import type { FakeGitHub } from "./fake-github.js";
import type { RestRoute } from "./fake-github-rest.js";

/**
 * The fake's code-scanning, Dependabot and secret-scanning alerts. Alerts are GitHub's own
 * documented examples (test/fixtures/github/security, from @octokit/openapi) with the number,
 * state, severity and ref a test needs; `error` answers every request of the source the way
 * GitHub does when the feature is off or the permission is missing.
 */
export interface FakeSecurity {
  codeScanning: Array<Record<string, unknown>>;
  dependabot: Array<Record<string, unknown>>;
  secretScanning: Array<Record<string, unknown>>;
  errors: Partial<Record<"codeScanning" | "dependabot" | "secretScanning", [number, string]>>;
}

const stores = new WeakMap<FakeGitHub, FakeSecurity>();

/** A `.github/flightdeck.yml` whose pull-request gate checks only `security` (QA off), e.g. `{ dependabot: { level: off } }`. */
export function securityGateConfig(security: string): string {
  return [
    "gates:",
    "  pullRequest:",
    "    qa: { required: off, p0MustPass: off, maxFailures: { value: 0, level: off } }",
    `    security: ${security}`,
  ].join("\n");
}

/** The ref code scanning analyses a pull request on (CodeQL's `pull_request` runs). */
export const mergeRef = (pull: number) => `refs/pull/${pull}/merge`;

/** The security state of a fake (created empty: every feature on, no alerts). */
export function securityOf(fake: FakeGitHub): FakeSecurity {
  let s = stores.get(fake);
  if (!s) {
    s = { codeScanning: [], dependabot: [], secretScanning: [], errors: {} };
    stores.set(fake, s);
  }
  return s;
}

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/github/security/${name}.json`, import.meta.url), "utf8"),
  ) as Array<Record<string, unknown>>;

/** GitHub's answers when a feature is off or the App lacks the permission (see the fixtures' README). */
export const GITHUB_SAYS = {
  noPermission: [403, "Resource not accessible by integration"] as [number, string],
  advancedSecurityOff: [
    403,
    "Advanced Security must be enabled for this repository to use code scanning.",
  ] as [number, string],
  noAnalysis: [404, "no analysis found"] as [number, string],
  dependabotOff: [403, "Dependabot alerts are disabled for this repository."] as [number, string],
  secretScanningOff: [404, "Secret scanning is disabled on this repository."] as [number, string],
};

/** An open code-scanning alert on `ref` (GitHub's example with this number and security severity). */
export function codeScanningAlert(number: number, severity: string, ref = "refs/heads/main") {
  const [example] = fixture("code-scanning-alerts");
  const e = structuredClone(example) as Record<string, any>;
  return {
    ...e,
    number,
    state: "open",
    html_url: `https://github.com/octo-org/launchpad/security/code-scanning/${number}`,
    rule: { ...e.rule, id: `js/rule-${number}`, security_severity_level: severity },
    most_recent_instance: { ...e.most_recent_instance, ref },
  };
}

/** An open Dependabot alert (GitHub's example with this number and advisory severity). */
export function dependabotAlert(number: number, severity: string) {
  const example = fixture("dependabot-alerts")[1] as Record<string, any>;
  const e = structuredClone(example);
  return {
    ...e,
    number,
    state: "open",
    html_url: `https://github.com/octo-org/launchpad/security/dependabot/${number}`,
    security_advisory: { ...e.security_advisory, severity },
    security_vulnerability: { ...e.security_vulnerability, severity },
  };
}

/** An open secret-scanning alert (GitHub's example, reopened with this number). */
export function secretAlert(number: number) {
  const e = structuredClone(fixture("secret-scanning-alerts")[0]) as Record<string, any>;
  return {
    ...e,
    number,
    state: "open",
    resolution: null,
    resolved_at: null,
    resolved_by: null,
    html_url: `https://github.com/octo-org/launchpad/security/secret-scanning/${number}`,
  };
}

function pageLinks(url: URL, items: unknown[], cursor: boolean): [unknown[], Record<string, string>] {
  const per = Math.min(100, Number(url.searchParams.get("per_page") ?? 30) || 30);
  // Dependabot pages with opaque cursors (`after`), the others with page numbers.
  const start = cursor
    ? Number(Buffer.from(url.searchParams.get("after") ?? "MA==", "base64").toString() || 0)
    : (Math.max(1, Number(url.searchParams.get("page") ?? 1)) - 1) * per;
  const page = items.slice(start, start + per);
  if (start + per >= items.length) return [page, {}];
  const next = new URL(url.toString());
  if (cursor) next.searchParams.set("after", Buffer.from(String(start + per)).toString("base64"));
  else next.searchParams.set("page", String(start / per + 2));
  return [page, { link: `<${next.toString()}>; rel="next"` }];
}

const answer =
  (source: keyof FakeSecurity["errors"], cursor: boolean, select: (s: FakeSecurity, url: URL) => unknown[]) =>
  (fake: FakeGitHub, _m: RegExpExecArray, url: URL): [number, unknown, Record<string, string>] => {
    const s = securityOf(fake);
    const error = s.errors[source];
    if (error)
      return [error[0], { message: error[1], documentation_url: "https://docs.github.com/rest" }, {}];
    const state = url.searchParams.get("state");
    const all = select(s, url).filter(
      (a) => !state || state.split(",").includes(String((a as { state: string }).state)),
    );
    const [page, headers] = pageLinks(url, all, cursor);
    return [200, page, headers];
  };

/** REST routes of the three alert lists (below /repos/{owner}/{repo}). */
export const SECURITY_ROUTES: RestRoute[] = [
  {
    method: "GET",
    pattern: /^\/code-scanning\/alerts$/,
    handle: answer("codeScanning", false, (s, url) => {
      const ref = url.searchParams.get("ref") ?? "refs/heads/main";
      return s.codeScanning.filter((a) => (a.most_recent_instance as { ref: string }).ref === ref);
    }),
  },
  {
    method: "GET",
    pattern: /^\/dependabot\/alerts$/,
    handle: answer("dependabot", true, (s) => s.dependabot),
  },
  {
    method: "GET",
    pattern: /^\/secret-scanning\/alerts$/,
    handle: answer("secretScanning", false, (s, url) =>
      url.searchParams.get("hide_secret") === "true"
        ? s.secretScanning.map(({ secret: _hidden, ...rest }) => rest)
        : s.secretScanning,
    ),
  },
];
