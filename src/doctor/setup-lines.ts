import type { Config } from "../config/schema.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import type { DoctorFacts } from "./facts.js";
import { type DoctorLine, isUnavailable } from "./lines.js";

// The repository's set-up: config, labels, the installation, the default branch's rules.

/**
 * The installation permissions Flightdeck uses, with the lowest level needed and why; the
 * deployment permissions only when `gates.deployments` names environments.
 */
export function neededPermissions(
  config: Config,
): Array<{ name: string; level: "read" | "write"; why: string; required: boolean }> {
  const deployments = Object.keys(config.gates.deployments).length > 0;
  return [
    { name: "issues", level: "write", why: "plans, sub-issues, comments", required: true },
    { name: "contents", level: "read", why: "the config on the default branch", required: true },
    { name: "metadata", level: "read", why: "every app", required: true },
    { name: "pull_requests", level: "read", why: "the Go/No-Go gate", required: true },
    { name: "checks", level: "write", why: "the Go/No-Go check run", required: true },
    { name: "actions", level: "read", why: "workflow runs behind QA evidence", required: true },
    { name: "deployments", level: "write", why: "the deployment protection rule", required: deployments },
    { name: "merge_queues", level: "read", why: "merge queues", required: false },
  ];
}

/** The webhook events Flightdeck handles, and whether missing one blocks (required) or only degrades. */
export function neededEvents(config: Config): Array<{ name: string; required: boolean }> {
  const deployments = Object.keys(config.gates.deployments).length > 0;
  return [
    { name: "issues", required: true },
    { name: "issue_comment", required: true },
    { name: "pull_request", required: true },
    { name: "pull_request_review", required: true },
    { name: "check_run", required: true },
    { name: "deployment_protection_rule", required: deployments },
    { name: "sub_issues", required: false },
    { name: "issue_dependencies", required: false },
    { name: "merge_group", required: false },
  ];
}

const LEVELS: Record<string, number> = { read: 1, write: 2, admin: 3 };

/** Config: valid on the default branch (or absent: defaults), else FAIL with the problems. */
export function configLine(facts: DoctorFacts): DoctorLine {
  const check = "Config";
  if (!facts.config.ok)
    return {
      check,
      status: "FAIL",
      detail: `${facts.config.source} is invalid: ${facts.config.problems}`,
      fix: `Fix .github/flightdeck.yml on ${facts.defaultBranch} (the other lines use the defaults meanwhile).`,
    };
  return {
    check,
    status: "PASS",
    detail:
      facts.config.source === "defaults"
        ? `no .github/flightdeck.yml on ${facts.defaultBranch}: the defaults apply`
        : `${facts.config.source} is valid (read from ${facts.defaultBranch})`,
  };
}

/** Labels: the trigger label (FAIL without it), the checklist and P0-bug labels (WARN). */
export function labelsLine(facts: DoctorFacts, config: Config): DoctorLine {
  const check = "Labels";
  if (isUnavailable(facts.labels))
    return {
      check,
      status: "WARN",
      detail: `labels unreadable: ${facts.labels.unavailable}`,
      fix: "Give the token issues: read.",
    };
  const have = new Set(facts.labels.map((l) => l.toLowerCase()));
  const trigger = config.trigger.label;
  if (!have.has(trigger.toLowerCase()))
    return {
      check,
      status: "FAIL",
      detail: `the trigger label "${trigger}" does not exist: no issue can become an epic`,
      fix: `Create the label "${trigger}" (Issues → Labels → New label), or set trigger.label to an existing one.`,
    };
  const optional = [
    config.release.checklistLabel,
    ...Object.values(config.gates.deployments).map((d) => d.p0Bugs.label),
  ].filter((l, i, all) => all.indexOf(l) === i && !have.has(l.toLowerCase()));
  if (optional.length)
    return {
      check,
      status: "WARN",
      detail: `"${trigger}" exists; missing: ${optional.map((l) => `"${l}"`).join(", ")}`,
      fix: "Create them so checklists and release-blocking bugs can be labelled (role and priority labels are created on apply).",
    };
  return { check, status: "PASS", detail: `"${trigger}" and the release labels exist` };
}

/** The installation's permissions and events against what the config uses (app mode only). */
export function installationLine(facts: DoctorFacts, config: Config): DoctorLine {
  const check = "Permissions and events";
  if (isUnavailable(facts.installation))
    return {
      check,
      status: "WARN",
      detail: `not checked: ${facts.installation.unavailable}`,
      fix: "Run `/flightdeck doctor` in an issue (the app reads its installation's permissions and events), or give the CLI the App's APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH).",
    };
  const { permissions, events } = facts.installation;
  const missing: string[] = [];
  const degraded: string[] = [];
  for (const p of neededPermissions(config)) {
    if ((LEVELS[permissions[p.name] ?? ""] ?? 0) >= (LEVELS[p.level] ?? 0)) continue;
    (p.required ? missing : degraded).push(`${p.name}: ${p.level} (${p.why})`);
  }
  for (const e of neededEvents(config)) {
    if (events.includes(e.name)) continue;
    (e.required ? missing : degraded).push(`event ${e.name}`);
  }
  const fix =
    "Edit the App's permissions and events (Settings → Developer settings → GitHub Apps → Flightdeck; app.yml lists them), then accept the new permissions on the installation.";
  if (missing.length) return { check, status: "FAIL", detail: `missing ${missing.join(", ")}`, fix };
  if (degraded.length) return { check, status: "WARN", detail: `missing ${degraded.join(", ")}`, fix };
  return { check, status: "PASS", detail: "the installation has every permission and event the config uses" };
}

/** The default branch requires "Flightdeck Go/No-Go" from this App (ruleset or branch protection). */
export function rulesLine(facts: DoctorFacts): DoctorLine {
  const check = `Required check on ${facts.defaultBranch}`;
  const fix = `Add a ruleset for ${facts.defaultBranch} (Settings → Rules → Rulesets) with "Require status checks to pass": "${GATE_CHECK_NAME}", source Flightdeck.`;
  if (isUnavailable(facts.requiredChecks))
    return { check, status: "WARN", detail: `rules unreadable: ${facts.requiredChecks.unavailable}`, fix };
  const gate = facts.requiredChecks.checks.filter((c) => c.context === GATE_CHECK_NAME);
  const note = facts.requiredChecks.protectionNote ? ` (${facts.requiredChecks.protectionNote})` : "";
  if (!gate.length)
    return {
      check,
      status: "FAIL",
      detail: `"${GATE_CHECK_NAME}" is not a required status check${note}: a no-go does not stop a merge`,
      fix,
    };
  const ours = gate.find((c) => facts.appId !== undefined && c.appId === facts.appId);
  if (ours)
    return { check, status: "PASS", detail: `"${GATE_CHECK_NAME}" is required from this App (${ours.from})` };
  const anySource = gate.find((c) => c.appId === undefined || c.appId === null);
  if (anySource)
    return {
      check,
      status: "WARN",
      detail: `"${GATE_CHECK_NAME}" is required (${anySource.from}) from any source: a workflow could report a check of that name`,
      fix: "Set the required check's source to the Flightdeck App.",
    };
  if (facts.appId === undefined)
    return {
      check,
      status: "WARN",
      detail: `"${GATE_CHECK_NAME}" is required from app ${gate.map((c) => c.appId).join(", ")}; this App's id is unknown`,
      fix: "Pass --app-id (or run `/flightdeck doctor` in the app) to verify the source.",
    };
  return {
    check,
    status: "FAIL",
    detail: `"${GATE_CHECK_NAME}" is required from another app (${gate.map((c) => c.appId).join(", ")}), not this App (${facts.appId}): Flightdeck's check cannot satisfy it`,
    fix: "Set the required check's source to the Flightdeck App.",
  };
}
