import { formatConfigProblems } from "../config/parse.js";
import { CALLBACK_COMMENT_LIMIT, evaluateDeployment } from "../gates/deployment.js";
import { type LoadedConfig, loadRepoConfig } from "../github/config.js";
import { gatherDeploymentEvidence } from "../github/deployment-evidence.js";
import type { JobDeps } from "./types.js";

/** One environment of one waiting workflow run, to answer for. */
export interface DeploymentRuleJob {
  owner: string;
  repo: string;
  defaultBranch: string;
  environment: string;
  /**
   * The commit being deployed: the payload's `deployment.sha`, its top-level `sha` (environments
   * used without a deployment object), or the waiting run's `head_sha`. When absent, the job
   * reads the run (GET …/actions/runs/{run_id}).
   */
  sha?: string;
  /** The deployment's ref (`v1.2.3`, `refs/tags/v1.2.3`, `main`): a tag names the release version. */
  ref?: string;
  /**
   * Login of who started the deployment (deployment creator or run's triggering actor). A bot
   * (a workflow's GITHUB_TOKEN creates deployments as github-actions[bot]) or none: the job reads
   * the run's `triggering_actor` and `actor`.
   */
  initiator?: string;
  /** The waiting workflow run (from `deployment_callback_url`, or the runs list). */
  runId: number;
  /** When the run started waiting (ISO); GitHub waits at most 30 days for an answer. */
  waitingSince?: string;
  /** Post a status report when the answer is "wait" (the first evaluation does; sweeps do not). */
  reportPending: boolean;
  /** The config, when the caller already read it (a sweep answers many runs from one read). */
  loaded?: LoadedConfig;
}

/** Days after which a deployment still waiting for evidence is rejected (GitHub gives up at 30). */
export const MAX_WAIT_DAYS = 29;

/**
 * Waits before each new attempt at a callback GitHub did not take (5xx, lost connection), in ms.
 * After the last, the job fails (and is logged); the timer sweep answers the run later.
 */
export const CALLBACK_RETRY_DELAYS_MS = [1_000, 5_000, 25_000];

/**
 * Answers Flightdeck's custom deployment protection rule for one environment: approve or reject
 * with the reasons, or — when evidence is still on its way — a status report, to be answered by a
 * later sweep. Always answers: an invalid or missing policy and internal errors reject with the
 * reason. POST /repos/{o}/{r}/actions/runs/{run_id}/deployment_protection_rule.
 */
export async function runDeploymentRuleJob(
  deps: JobDeps,
  job: DeploymentRuleJob,
): Promise<"approved" | "rejected" | "pending"> {
  let answer: Answer;
  try {
    answer = await decide(deps, job);
  } catch (error) {
    const message = (error as Error).message;
    deps.log.error(`deployment rule for ${job.environment} failed: ${message}`);
    answer = {
      state: "rejected",
      comment: `❌ Flightdeck could not evaluate this deployment (internal error: ${message}). Re-run the workflow to try again.`,
    };
  }
  const outcome = answer.state ?? "pending";
  if (answer.state || answer.report) await answerCallback(deps, job, answer);
  deps.log.info(`deployment of ${(job.sha ?? "?").slice(0, 7)} to ${job.environment}: ${outcome}`);
  return outcome;
}

/**
 * Posts the answer (POST …/actions/runs/{run_id}/deployment_protection_rule), retrying with
 * backoff when GitHub did not take it: an unanswered rule blocks a deployment for 30 days.
 * @throws the last error once CALLBACK_RETRY_DELAYS_MS are spent (the sweep answers later)
 */
async function answerCallback(deps: JobDeps, job: DeploymentRuleJob, answer: Answer): Promise<void> {
  const sleep = deps.applyTiming?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.octokit.rest.actions.reviewCustomGatesForRun({
        owner: job.owner,
        repo: job.repo,
        run_id: job.runId,
        environment_name: job.environment,
        ...(answer.state ? { state: answer.state } : {}),
        comment: answer.comment.slice(0, CALLBACK_COMMENT_LIMIT),
        request: { retries: 0 },
      } as Parameters<typeof deps.octokit.rest.actions.reviewCustomGatesForRun>[0]);
      return;
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 4xx: GitHub refuses a second answer for a rule it already has one for (e.g. a sweep
      // re-approving a run that now waits only for its reviewers), or the run is gone:
      // retrying cannot change that, and there is nothing to undo.
      const message = `could not answer run ${job.runId} for ${job.environment}: ${(error as Error).message}`;
      if (status !== undefined && status >= 400 && status < 500) {
        deps.log.warn(message);
        return;
      }
      const wait = CALLBACK_RETRY_DELAYS_MS[attempt];
      if (wait === undefined) throw new Error(message);
      deps.log.warn(`${message}; retrying in ${Math.round(wait / 1000)} s`);
      await sleep(wait);
    }
  }
}

/** A decision and its comment; `report` posts a status report for a pending decision. */
interface Answer {
  state?: "approved" | "rejected";
  comment: string;
  report?: boolean;
}

async function decide(deps: JobDeps, job: DeploymentRuleJob): Promise<Answer> {
  const repo = { owner: job.owner, repo: job.repo };
  const loaded =
    job.loaded ?? (await loadRepoConfig(deps.octokit, { ...repo, defaultBranch: job.defaultBranch }));
  if (!loaded.ok) {
    return {
      state: "rejected",
      comment: `❌ Flightdeck cannot evaluate this deployment.\n\n${formatConfigProblems(loaded)}`,
    };
  }
  const policy = loaded.config.gates.deployments[job.environment];
  if (!policy) {
    return {
      state: "rejected",
      comment: `❌ Flightdeck has no policy for the "${job.environment}" environment. Add \`gates.deployments.${job.environment}\` to \`.github/flightdeck.yml\` on the default branch (e.g. \`qa: block\`, \`load: { thresholds: ["p95<200"] }\`), or remove Flightdeck from this environment's protection rules.`,
    };
  }
  const now = deps.now();
  let { sha } = job;
  const initiators = job.initiator && !isBot(job.initiator) ? [job.initiator] : [];
  if (!sha || !initiators.length) {
    // Payloads without a deployment object name neither commit nor creator, and a deployment a
    // workflow created with its GITHUB_TOKEN names github-actions[bot]: the run names the people
    // (who started it, and who re-ran it).
    const { data: run } = await deps.octokit.rest.actions.getWorkflowRun({ ...repo, run_id: job.runId });
    sha ??= run.head_sha;
    for (const login of [run.triggering_actor?.login, run.actor?.login]) {
      if (login && !isBot(login) && !initiators.includes(login)) initiators.push(login);
    }
  }
  job.sha = sha;
  const version = versionOf(job.ref);
  const evidence = await gatherDeploymentEvidence(deps.octokit, repo, {
    sha,
    environment: job.environment,
    now,
    policy,
    config: loaded.config,
    defaultBranch: job.defaultBranch,
    checklistLabel: loaded.config.release.checklistLabel,
    appId: deps.appId,
    initiators,
    ...(version ? { version } : {}),
    ...(job.ref ? { ref: job.ref } : {}),
  });
  const result = evaluateDeployment(policy, evidence);
  if (result.decision === "pending") {
    const days = job.waitingSince ? (now.getTime() - new Date(job.waitingSince).getTime()) / 86_400_000 : 0;
    if (days >= MAX_WAIT_DAYS) {
      return {
        state: "rejected",
        comment: `❌ The evidence did not arrive within ${MAX_WAIT_DAYS} days (GitHub stops waiting at 30).\n\n${result.comment}`,
      };
    }
    return { comment: result.comment, report: job.reportPending };
  }
  return { state: result.decision === "approve" ? "approved" : "rejected", comment: result.comment };
}

/** `name[bot]`: an App's account, never the person behind a deployment. */
function isBot(login: string): boolean {
  return login.endsWith("[bot]");
}

/** The release version a deployment ref names: a tag (`refs/tags/v1.2.3`, `v1.2.3`), else none. */
export function versionOf(ref: string | undefined): string | undefined {
  const tag = /^(?:refs\/tags\/)?(v?\d+(?:\.\d+)+[A-Za-z0-9._+-]*)$/.exec(ref ?? "");
  return tag?.[1];
}
