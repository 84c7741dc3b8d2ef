import type { LoadedConfig } from "../github/config.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { type DeploymentRuleJob, runDeploymentRuleJob } from "./deployment-job.js";
import type { JobDeps } from "./types.js";

type Repo = { owner: string; repo: string; defaultBranch: string };

/** What one sweep of a repository answered, per waiting run and environment. */
export interface SweepResult {
  /** `run/environment` → outcome, e.g. `77/production` → `approved`. */
  answered: Record<string, "approved" | "rejected" | "pending">;
  /** Environments skipped because their protection rule is another App's. */
  skipped: string[];
}

/**
 * Re-evaluates every deployment waiting on a repository and answers those that can be decided:
 * all workflow runs with status `waiting` (GET …/actions/runs?status=waiting, every page), their
 * pending environments (GET …/actions/runs/{id}/pending_deployments), and only environments whose
 * custom deployment protection rule is this App's (GET …/environments/{env}/deployment_protection_rules,
 * `app.id`). Runs on new evidence and on a timer, so a deployment is answered even when no other
 * event comes (or an earlier callback failed). Still-pending runs stay silent (no status report).
 *
 * @param loaded the repository's config when the caller already read it
 * @throws when GitHub cannot list the runs (the caller logs it; the next sweep tries again)
 */
export async function sweepWaitingDeployments(
  deps: JobDeps,
  repo: Repo,
  loaded?: LoadedConfig,
): Promise<SweepResult> {
  const result: SweepResult = { answered: {}, skipped: [] };
  const config = loaded ?? (await loadRepoConfig(deps.octokit, repo));
  // An invalid config is answered per deployment by the rule itself (rejected with the reason).
  if (config.ok && !Object.keys(config.config.gates.deployments).length) return result;
  const ours = new Map<string, Promise<boolean>>();
  const runs = await deps.octokit.paginate(deps.octokit.rest.actions.listWorkflowRunsForRepo, {
    owner: repo.owner,
    repo: repo.repo,
    status: "waiting",
    per_page: 100,
  });
  for (const run of runs) {
    // The re-runner (`triggering_actor`) is preferred; the job adds the run's `actor` when it reads the run.
    const initiator = run.triggering_actor?.login ?? run.actor?.login;
    const one = await answerWaitingRun(
      deps,
      {
        ...repo,
        sha: run.head_sha,
        ...(initiator ? { initiator } : {}),
        runId: run.id,
        waitingSince: run.created_at,
        reportPending: false,
        loaded: config,
      },
      ours,
    );
    Object.assign(result.answered, one.answered);
    result.skipped.push(...one.skipped);
  }
  return result;
}

/**
 * Answers each environment one waiting run waits on (GET …/actions/runs/{id}/pending_deployments)
 * whose custom protection rule is this App's, with runDeploymentRuleJob; other environments are
 * skipped. `ours` remembers per environment whether the rule is this App's (shared across runs).
 */
export async function answerWaitingRun(
  deps: JobDeps,
  job: Omit<DeploymentRuleJob, "environment">,
  ours = new Map<string, Promise<boolean>>(),
): Promise<SweepResult> {
  const result: SweepResult = { answered: {}, skipped: [] };
  const repo = { owner: job.owner, repo: job.repo };
  const { data: pending } = await deps.octokit.rest.actions.getPendingDeploymentsForRun({
    ...repo,
    run_id: job.runId,
  });
  for (const env of pending) {
    const environment = env.environment.name;
    if (!environment) continue;
    if (!ours.has(environment))
      ours.set(environment, ruleIsThisApps(deps.octokit, repo, environment, deps.appId));
    if (!(await ours.get(environment))) {
      result.skipped.push(environment);
      continue;
    }
    result.answered[`${job.runId}/${environment}`] = await runDeploymentRuleJob(deps, {
      ...job,
      environment,
    });
  }
  return result;
}

/**
 * True when one of the environment's custom deployment protection rules is this App's
 * (GET /repos/{o}/{r}/environments/{env}/deployment_protection_rules, `app.id`). When GitHub does
 * not say (no permission to read environments: 403/404), the environment is answered anyway —
 * GitHub refuses an answer from an App that is not one of its rules, so nothing is overridden.
 */
export async function ruleIsThisApps(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  environment: string,
  appId: number,
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getAllDeploymentProtectionRules({
      owner: repo.owner,
      repo: repo.repo,
      environment_name: environment,
    });
    return (data.custom_deployment_protection_rules ?? []).some((r) => r.app?.id === appId);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) return true;
    throw error;
  }
}

/**
 * The timer's sweep of one installation: every repository it can see
 * (GET /installation/repositories, every page), each swept as above. One repository's failure is
 * logged and does not stop the others.
 * @returns how many repositories were swept
 */
export async function sweepInstallation(deps: JobDeps): Promise<number> {
  const repos = await deps.octokit.paginate(deps.octokit.rest.apps.listReposAccessibleToInstallation, {
    per_page: 100,
  });
  let swept = 0;
  for (const r of repos) {
    if (r.archived) continue;
    try {
      await sweepWaitingDeployments(deps, {
        owner: r.owner.login,
        repo: r.name,
        defaultBranch: r.default_branch,
      });
      swept++;
    } catch (error) {
      deps.log.error(`deployment sweep of ${r.full_name} failed: ${(error as Error).message}`);
    }
  }
  return swept;
}
