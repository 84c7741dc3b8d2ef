import * as core from "@actions/core";
import * as github from "@actions/github";
import { evaluateDoctor } from "../doctor/checks.js";
import { doctorMarkdown, doctorText } from "../doctor/render.js";
import { readDoctorFacts } from "../github/doctor-facts.js";
import type { Octokit } from "../github/octokit.js";
import { number } from "./inputs.js";

/** When the step fails: on a FAIL line (not cleared for launch), on any WARN or FAIL, or never. */
export type FailOn = "fail" | "warn" | "never";

/** Parses the `fail-on` input. @throws Error naming the input and its values */
export function failOnInput(text: string): FailOn {
  const v = (text.trim() || "fail").toLowerCase();
  if (v === "fail" || v === "warn" || v === "never") return v;
  throw new Error(`input fail-on must be fail, warn or never, got "${text}"`);
}

/** What a workflow token cannot read, and where it can be read (the doctor's WARN lines say it). */
const NO_JWT =
  "a workflow token has no App JWT: run /flightdeck doctor in an issue, or flightdeck doctor with APP_ID and PRIVATE_KEY";

/**
 * The doctor Action (actions/doctor): the pre-flight doctor on the workflow's repository with its
 * token — the same checks and report as `flightdeck doctor` and `/flightdeck doctor` — written to
 * the job summary (the Markdown table) and the log (one line per check). What only the App's JWT
 * reads (the installation's permissions and events, webhook deliveries) is a WARN saying where to
 * check it. `app-id` lets the required-check and environment lines verify this App;
 * `anthropic-api-key` (optional, masked) tells the LLM line a key is present (no call is made).
 * Outputs `cleared` (true/false), `failures` and `warnings` (counts).
 *
 * @returns 1 when the step must fail (`fail-on`: a FAIL line by default, any WARN with `warn`,
 *   never with `never`), when an input is unusable or the repository cannot be read; else 0
 */
export async function runDoctorAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo) throw new Error("GITHUB_REPOSITORY is not set (owner/name)");
    const token = core.getInput("github_token");
    if (!token) throw new Error("input github-token is empty: a token with read access is needed");
    const failOn = failOnInput(core.getInput("fail_on"));
    const appId = number(core.getInput("app_id"), "app-id", { min: 1, integer: true });
    const key = core.getInput("anthropic_api_key");
    if (key) core.setSecret(key);
    const octokit = github.getOctokit(
      token,
      env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {},
    ) as unknown as Octokit;
    const facts = await readDoctorFacts(octokit, {
      owner,
      repo,
      mode: "token",
      ...(appId !== undefined ? { appId } : {}),
      noJwt: NO_JWT,
      llm: { keyPresent: Boolean(key) },
      now: new Date(),
    }).catch((error: { status?: number; message: string }) => {
      throw new Error(
        error.status === 404
          ? `${owner}/${repo} was not found (or the token cannot read it)`
          : `cannot read ${owner}/${repo}: ${error.message}`,
      );
    });
    const report = evaluateDoctor(facts);
    core.info(doctorText(report));
    await core.summary.addRaw(`${doctorMarkdown(report)}\n`).write();
    const failures = report.lines.filter((l) => l.status === "FAIL").length;
    const warnings = report.lines.filter((l) => l.status === "WARN").length;
    core.setOutput("cleared", String(report.cleared));
    core.setOutput("failures", String(failures));
    core.setOutput("warnings", String(warnings));
    const fails = failOn === "fail" ? failures > 0 : failOn === "warn" ? failures + warnings > 0 : false;
    if (fails) {
      core.setFailed(`${report.overall}${failOn === "warn" && !failures ? " (fail-on: warn)" : ""}`);
      return 1;
    }
    if (failures || warnings) core.warning(report.overall);
    return 0;
  } catch (error) {
    core.setFailed((error as Error).message);
    return 1;
  }
}
