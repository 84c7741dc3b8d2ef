import { type Config, DEFAULT_CONFIG } from "../config/schema.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { priceOf } from "../planner/cost.js";
import { plural } from "../text/plural.js";
import type { DoctorFacts, EnvironmentFacts, Unavailable } from "./facts.js";

/** PASS: ready; WARN: works, with a gap to know about; FAIL: blocks the launch. */
export type DoctorStatus = "PASS" | "WARN" | "FAIL";

/** One line of the doctor's report: what was checked, what was found, and how to fix it. */
export interface DoctorLine {
  check: string;
  status: DoctorStatus;
  detail: string;
  /** What to do; absent on PASS lines. */
  fix?: string;
}

/** The whole report: every line and the overall verdict. */
export interface DoctorReport {
  repository: string;
  lines: DoctorLine[];
  /** True when no line fails. */
  cleared: boolean;
  /** One sentence: cleared for launch or not, and why. */
  overall: string;
}

/** How old the QA workflow's last run on the default branch may be before it is a warning, in days. */
export const QA_RUN_MAX_AGE_DAYS = 7;

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

const isUnavailable = (v: unknown): v is Unavailable =>
  typeof v === "object" && v !== null && "unavailable" in v;

const LEVELS: Record<string, number> = { read: 1, write: 2, admin: 3 };

/**
 * Judges the facts into the doctor's lines, in a fixed order, each with its fix. Pure. When the
 * config is invalid, the other lines are judged against the defaults (and the config line fails).
 */
export function evaluateDoctor(facts: DoctorFacts): DoctorReport {
  const config = facts.config.ok ? facts.config.config : DEFAULT_CONFIG;
  const lines: DoctorLine[] = [
    configLine(facts),
    labelsLine(facts, config),
    installationLine(facts, config),
    rulesLine(facts),
    ...environmentLines(facts, config),
    qaLine(facts, config),
    llmLine(facts, config),
    budgetLine(facts),
    deliveriesLine(facts),
  ];
  const failing = lines.filter((l) => l.status === "FAIL").length;
  const warnings = lines.filter((l) => l.status === "WARN").length;
  const overall = failing
    ? `Not cleared for launch: ${plural(failing, "check")} failed${warnings ? `, ${plural(warnings, "warning")}` : ""}.`
    : warnings
      ? `Cleared for launch, with ${plural(warnings, "warning")}.`
      : "Cleared for launch: every check passed.";
  return { repository: facts.repository, lines, cleared: failing === 0, overall };
}

function configLine(facts: DoctorFacts): DoctorLine {
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

function labelsLine(facts: DoctorFacts, config: Config): DoctorLine {
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

function installationLine(facts: DoctorFacts, config: Config): DoctorLine {
  const check = "Permissions and events";
  if (isUnavailable(facts.installation))
    return {
      check,
      status: "WARN",
      detail: `not checked: ${facts.installation.unavailable}`,
      fix: "Run `/flightdeck doctor` in an issue: the app reads its installation's permissions and events.",
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

function rulesLine(facts: DoctorFacts): DoctorLine {
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

function environmentLines(facts: DoctorFacts, config: Config): DoctorLine[] {
  const names = Object.keys(config.gates.deployments);
  if (!names.length)
    return [
      { check: "Environments", status: "PASS", detail: "no gates.deployments: no environment to check" },
    ];
  return names.map((name) => environmentLine(name, facts.environments[name], facts.appId));
}

function environmentLine(
  name: string,
  env: EnvironmentFacts | Unavailable | undefined,
  appId?: number,
): DoctorLine {
  const check = `Environment ${name}`;
  if (!env || isUnavailable(env))
    return {
      check,
      status: "WARN",
      detail: `unreadable: ${env?.unavailable ?? "not read"}`,
      fix: "Give the token actions: read.",
    };
  if (!env.exists)
    return {
      check,
      status: "FAIL",
      detail: "the environment does not exist: deployments to it are not gated",
      fix: `Create "${name}" (Settings → Environments), enable Flightdeck under deployment protection rules and add required reviewers.`,
    };
  const ruleFix = `In Settings → Environments → ${name}, enable Flightdeck under "Deployment protection rules".`;
  const hasRule =
    appId === undefined ? env.customRules.length > 0 : env.customRules.some((r) => r.appId === appId);
  if (!hasRule)
    return {
      check,
      status: "FAIL",
      detail: `Flightdeck's deployment protection rule is not enabled${env.customRules.length ? ` (enabled: ${env.customRules.map((r) => r.slug).join(", ")})` : ""}`,
      fix: ruleFix,
    };
  const unverified = appId === undefined ? " (rule's app not verified: no app id)" : "";
  if (!env.reviewers.length)
    return {
      check,
      status: "WARN",
      detail: `Flightdeck's rule is enabled${unverified}; no required reviewers: nobody approves by hand`,
      fix: `Add required reviewers to "${name}" (an App cannot approve for them; people decide).`,
    };
  return {
    check,
    status: appId === undefined ? "WARN" : "PASS",
    detail: `Flightdeck's rule and ${plural(env.reviewers.length, "required reviewer")} are set${unverified}`,
    ...(appId === undefined ? { fix: "Pass --app-id to verify the rule belongs to this App." } : {}),
  };
}

function qaLine(facts: DoctorFacts, config: Config): DoctorLine {
  const check = "QA workflow";
  const required = config.gates.pullRequest.qa.required;
  const missingStatus = required === "block" ? "FAIL" : "WARN";
  const fix =
    "Add a workflow that runs the Flightdeck QA Action on pull requests and on the default branch (actions/qa/README.md).";
  if (isUnavailable(facts.qaWorkflow))
    return {
      check,
      status: "WARN",
      detail: `workflows unreadable: ${facts.qaWorkflow.unavailable}`,
      fix: "Give the token actions: read and contents: read.",
    };
  const { path, lastRun } = facts.qaWorkflow;
  if (!path)
    return {
      check,
      status: required === "off" ? "PASS" : missingStatus,
      detail: `no workflow runs Flightdeck QA${required === "block" ? ": every pull request's gate will be red (gates.pullRequest.qa.required: block)" : ""}`,
      ...(required === "off" ? {} : { fix }),
    };
  if (!lastRun)
    return {
      check,
      status: "WARN",
      detail: `${path} has never run on ${facts.defaultBranch}`,
      fix: `Run it on ${facts.defaultBranch} (push, or workflow_dispatch).`,
    };
  const ageDays = (facts.now.getTime() - Date.parse(lastRun.createdAt)) / 86_400_000;
  const when = `${lastRun.createdAt.slice(0, 10)} (${Math.floor(ageDays)} d ago)`;
  if (lastRun.status === "completed" && lastRun.conclusion !== "success")
    return {
      check,
      status: "WARN",
      detail: `${path} last ran on ${facts.defaultBranch} ${when}: ${lastRun.conclusion}`,
      fix: `Fix the failing run: ${lastRun.url}`,
    };
  if (ageDays > QA_RUN_MAX_AGE_DAYS)
    return {
      check,
      status: "WARN",
      detail: `${path} last ran on ${facts.defaultBranch} ${when}, over ${QA_RUN_MAX_AGE_DAYS} days ago`,
      fix: `Run it again on ${facts.defaultBranch}.`,
    };
  return {
    check,
    status: "PASS",
    detail: `${path} ran on ${facts.defaultBranch} ${when}: ${lastRun.conclusion ?? lastRun.status}`,
  };
}

function llmLine(facts: DoctorFacts, config: Config): DoctorLine {
  const check = "LLM";
  const { mode } = config.planner;
  const model = config.llm.model;
  if (mode === "deterministic")
    return { check, status: "PASS", detail: "planner.mode is deterministic: no model is called" };
  if (!facts.llm.keyPresent)
    return mode === "llm"
      ? {
          check,
          status: "FAIL",
          detail: "planner.mode is llm but ANTHROPIC_API_KEY is not set: planning fails",
          fix: "Set ANTHROPIC_API_KEY on the app (or planner.mode: auto).",
        }
      : { check, status: "PASS", detail: "no ANTHROPIC_API_KEY: the deterministic planner is used" };
  if (!priceOf(model, config.llm.pricing))
    return {
      check,
      status: "FAIL",
      detail: `model "${model}" has no price: its cost cannot be estimated, so LLM planning is refused`,
      fix: `Use a known model id or add llm.pricing.${model} (USD per million tokens).`,
    };
  if (facts.llm.check && !facts.llm.check.ok)
    return {
      check,
      status: "FAIL",
      detail: `the key is set; a test call to ${model} failed: ${facts.llm.check.detail}`,
      fix: "Check the key and the model id.",
    };
  return {
    check,
    status: "PASS",
    detail: `key set, model ${model} known${facts.llm.check ? `; test call answered (${facts.llm.check.detail})` : " (no call made; --check-llm makes one)"}`,
  };
}

function budgetLine(facts: DoctorFacts): DoctorLine {
  const check = "Budget";
  const b = facts.budget;
  if (b.state === "not-configured")
    return {
      check,
      status: "PASS",
      detail: "no budget configured: each LLM run is capped by llm.maxCostUsd only",
    };
  const spent = `$${b.spentUsd.toFixed(2)} of $${b.limitUsd.toFixed(2)}${b.detail ? ` (${b.detail})` : ""}`;
  if (b.state === "exhausted")
    return {
      check,
      status: "WARN",
      detail: `spent ${spent}: LLM features are off until the budget resets`,
      fix: "Raise the budget or wait for the next month; the deterministic paths keep working.",
    };
  if (b.state === "warning")
    return { check, status: "WARN", detail: `spent ${spent}`, fix: "Review the spend before it runs out." };
  return { check, status: "PASS", detail: `spent ${spent}` };
}

function deliveriesLine(facts: DoctorFacts): DoctorLine {
  const check = "Webhook deliveries";
  const d = facts.deliveries;
  if (isUnavailable(d))
    return {
      check,
      status: "WARN",
      detail: `not checked: ${d.unavailable}`,
      fix: "Run `/flightdeck doctor` in an issue: the app reads its deliveries with its JWT.",
    };
  if (!d.failed.length)
    return {
      check,
      status: "PASS",
      detail: `no failed delivery for this repository in the last ${d.windowHours} h (${plural(d.checked, "delivery", "deliveries")} checked)`,
    };
  const shown = d.failed
    .slice(0, 5)
    .map(
      (f) =>
        `${f.event}${f.action ? `.${f.action}` : ""} → ${f.statusCode || "no answer"} at ${f.deliveredAt}`,
    );
  return {
    check,
    status: "WARN",
    detail: `${plural(d.failed.length, "failed delivery", "failed deliveries")} in the last ${d.windowHours} h: ${shown.join("; ")}`,
    fix: "Check the server's logs and reachability, then redeliver them (App settings → Advanced → Recent deliveries; GitHub keeps them 3 days).",
  };
}
