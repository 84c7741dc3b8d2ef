import { formatConfigProblems } from "../config/parse.js";
import { CALLBACK_COMMENT_LIMIT, evaluateDeployment } from "../gates/deployment.js";
import { loadRepoConfig } from "../github/config.js";
import { gatherDeploymentEvidence } from "../github/deployment-evidence.js";
import type { JobDeps } from "./types.js";

/** One environment of one waiting workflow run, to answer for. */
export interface DeploymentRuleJob {
  owner: string;
  repo: string;
  defaultBranch: string;
  environment: string;
  sha: string;
  /** The waiting workflow run (from `deployment_callback_url`, or the runs list). */
  runId: number;
  /** When the run started waiting (ISO); GitHub waits at most 30 days for an answer. */
  waitingSince?: string;
  /** Post a status report when the answer is "wait" (the first evaluation does; sweeps do not). */
  reportPending: boolean;
}

/** Days after which a deployment still waiting for evidence is rejected (GitHub gives up at 30). */
export const MAX_WAIT_DAYS = 29;

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
  const repo = { owner: job.owner, repo: job.repo };
  const answer = async (state: "approved" | "rejected" | undefined, comment: string) => {
    const text = comment.slice(0, CALLBACK_COMMENT_LIMIT);
    await deps.octokit.rest.actions.reviewCustomGatesForRun({
      ...repo,
      run_id: job.runId,
      environment_name: job.environment,
      ...(state ? { state } : {}),
      comment: text,
    } as Parameters<typeof deps.octokit.rest.actions.reviewCustomGatesForRun>[0]);
  };
  try {
    const loaded = await loadRepoConfig(deps.octokit, { ...repo, defaultBranch: job.defaultBranch });
    if (!loaded.ok) {
      await answer(
        "rejected",
        `❌ Flightdeck cannot evaluate this deployment.\n\n${formatConfigProblems(loaded)}`,
      );
      return "rejected";
    }
    const policy = loaded.config.gates.deployments[job.environment];
    if (!policy) {
      await answer(
        "rejected",
        `❌ Flightdeck has no policy for the "${job.environment}" environment. Add \`gates.deployments.${job.environment}\` to \`.github/flightdeck.yml\` on the default branch (e.g. \`qa: block\`, \`load: { thresholds: ["p95<200"] }\`), or remove Flightdeck from this environment's protection rules.`,
      );
      return "rejected";
    }
    const now = deps.now();
    const evidence = await gatherDeploymentEvidence(deps.octokit, repo, {
      sha: job.sha,
      environment: job.environment,
      now,
      policy,
      checklistLabel: loaded.config.release.checklistLabel,
    });
    const result = evaluateDeployment(policy, evidence);
    if (result.decision === "pending") {
      const days = job.waitingSince ? (now.getTime() - new Date(job.waitingSince).getTime()) / 86_400_000 : 0;
      if (days >= MAX_WAIT_DAYS) {
        await answer(
          "rejected",
          `❌ The evidence did not arrive within ${MAX_WAIT_DAYS} days (GitHub stops waiting at 30).\n\n${result.comment}`,
        );
        return "rejected";
      }
      if (job.reportPending) await answer(undefined, result.comment);
      deps.log.info(`deployment of ${job.sha.slice(0, 7)} to ${job.environment}: waiting for evidence`);
      return "pending";
    }
    const state = result.decision === "approve" ? "approved" : "rejected";
    await answer(state, result.comment);
    deps.log.info(`deployment of ${job.sha.slice(0, 7)} to ${job.environment}: ${state}`);
    return state;
  } catch (error) {
    const message = (error as Error).message;
    deps.log.error(`deployment rule for ${job.environment} failed: ${message}`);
    await answer(
      "rejected",
      `❌ Flightdeck could not evaluate this deployment (internal error: ${message}). Re-run the workflow to try again.`,
    );
    return "rejected";
  }
}
