import type { Config } from "../config/schema.js";
import { priceOf } from "../planner/cost.js";
import { plural } from "../text/plural.js";
import type { DoctorFacts, EnvironmentFacts, Unavailable } from "./facts.js";
import { type DoctorLine, isUnavailable } from "./lines.js";

// What a launch runs on: environments, the QA workflow, the LLM, the budget, webhook deliveries.

/** How old the QA workflow's last run on the default branch may be before it is a warning, in days. */
export const QA_RUN_MAX_AGE_DAYS = 7;

/** One line per environment of `gates.deployments`: exists, Flightdeck's rule enabled, required reviewers. */
export function environmentLines(facts: DoctorFacts, config: Config): DoctorLine[] {
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

/** The QA workflow exists and its last run on the default branch succeeded within QA_RUN_MAX_AGE_DAYS. */
export function qaLine(facts: DoctorFacts, config: Config): DoctorLine {
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

/** The LLM key against `planner.mode`, the model's price, and the test call's outcome when one was made. */
export function llmLine(facts: DoctorFacts, config: Config): DoctorLine {
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

/** The budget ledger's state (PASS when none is configured). */
export function budgetLine(facts: DoctorFacts): DoctorLine {
  const check = "Budget";
  const b = facts.budget;
  if (isUnavailable(b))
    return {
      check,
      status: "WARN",
      detail: `a budget is configured but its spend is unknown: ${b.unavailable}`,
      fix: "Pass the App's id (--app-id / APP_ID, or the Action's app-id input) so the ledger issue's comments by this App are read; /flightdeck doctor reads it in the app.",
    };
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

/** Failed webhook deliveries of this repository in the window (app mode only). */
export function deliveriesLine(facts: DoctorFacts): DoctorLine {
  const check = "Webhook deliveries";
  const d = facts.deliveries;
  if (isUnavailable(d))
    return {
      check,
      status: "WARN",
      detail: `not checked: ${d.unavailable}`,
      fix: "Run `/flightdeck doctor` in an issue (the app reads its deliveries with its JWT), or give the CLI the App's APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH).",
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
