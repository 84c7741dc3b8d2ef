import { evaluateDoctor } from "../doctor/checks.js";
import { probeModel } from "../doctor/llm-probe.js";
import { doctorText } from "../doctor/render.js";
import { readDoctorFacts } from "../github/doctor-facts.js";
import { anthropicClient } from "../llm/anthropic.js";
import type { LlmClient } from "../planner/llm.js";
import { appIdentity } from "./app-auth.js";
import { CliError, type CliIo } from "./io.js";
import { githubClient, parseRepo } from "./repo.js";

export interface DoctorCliOptions {
  repo: string;
  appId?: string;
  /** PEM file of the App's private key (default PRIVATE_KEY_PATH, or PRIVATE_KEY's text). */
  privateKeyPath?: string;
  checkLlm?: boolean;
  json?: boolean;
  /** Claude client for --check-llm (tests inject one); default from ANTHROPIC_API_KEY. */
  llm?: LlmClient;
}

/**
 * `flightdeck doctor --repo OWNER/NAME`: the pre-flight doctor with a token (GITHUB_TOKEN).
 * `--app-id` lets the rules and environments lines verify the App; with the App's private key
 * too (PRIVATE_KEY or PRIVATE_KEY_PATH), what only the App's JWT can read (the installation's
 * permissions and events, recent failed webhook deliveries) is read as the App, else those lines
 * WARN with how to enable them. The key is never printed. Prints the report (or JSON) and exits
 * 1 when the repository is not cleared for launch.
 * @throws CliError for bad options (exit 2), a missing token (2), or a failing report (1)
 */
export async function doctorCommand(options: DoctorCliOptions, io: CliIo): Promise<void> {
  const { owner, repo } = parseRepo(options.repo);
  const { appId, auth, missing } = appIdentity(io, options);
  const octokit = githubClient(io, "a token with read access to the repository");
  const key = io.env.ANTHROPIC_API_KEY;
  const client = options.llm ?? (key ? anthropicClient(key) : undefined);
  const facts = await readDoctorFacts(octokit, {
    owner,
    repo,
    mode: "token",
    ...(appId !== undefined ? { appId } : {}),
    ...(auth ? { appOctokit: auth.jwt } : { noJwt: missing ?? "the App's JWT is needed" }),
    llm: {
      keyPresent: Boolean(key),
      ...(options.checkLlm && client ? { check: (model: string) => probeModel(client, model) } : {}),
    },
    now: io.now(),
  }).catch((error: { status?: number; message: string }) => {
    throw new CliError(
      error.status === 404
        ? `${owner}/${repo} was not found (or the token cannot read it)`
        : `cannot read ${owner}/${repo}: ${error.message}`,
    );
  });
  const report = evaluateDoctor(facts);
  io.stdout(options.json ? JSON.stringify(report, null, 2) : doctorText(report));
  if (!report.cleared) throw new CliError(report.overall);
}
