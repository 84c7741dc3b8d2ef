import type { DeploymentRecorder } from "../deploy/run.js";
import type { Octokit } from "./octokit.js";

/**
 * GitHub deployments for a repository: POST /repos/{o}/{r}/deployments (for the commit and
 * environment; `required_contexts: []` because the gate already ran, `auto_merge: false`) and
 * POST …/deployments/{id}/statuses.
 */
export function githubDeployments(
  octokit: Octokit,
  repo: { owner: string; repo: string },
): DeploymentRecorder {
  return {
    async create(environment, sha, description) {
      const { data } = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: sha,
        environment,
        description,
        auto_merge: false,
        required_contexts: [],
        production_environment: /^prod/i.test(environment),
      });
      if (!("id" in data))
        throw new Error(`GitHub did not create the deployment: ${JSON.stringify(data).slice(0, 200)}`);
      return data.id;
    },
    async status(id, state, details) {
      await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: id,
        state,
        description: details.description,
        ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
      });
    },
  };
}
