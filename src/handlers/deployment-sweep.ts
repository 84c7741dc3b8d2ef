import type { Probot } from "probot";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { runDeploymentRuleJob } from "../jobs/deployment-job.js";
import { CHECK_NAMES } from "../reports/schema.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

const EVIDENCE_CHECKS = new Set<string>([CHECK_NAMES.qa, CHECK_NAMES.load, GATE_CHECK_NAME]);

/**
 * New evidence — a Flightdeck check run completed, or an issue labelled as a readiness checklist
 * or a P0 bug was edited, closed, reopened or relabelled — re-evaluates every deployment still
 * waiting on a repository that has deployment policies: workflow runs with status `waiting` (GET …/actions/runs?status=waiting) and
 * their pending environments (GET …/actions/runs/{id}/pending_deployments). Only decisions are
 * posted; a deployment still waiting stays silent until it can be answered.
 */
export function onDeploymentEvidence(app: Probot, services: AppServices): void {
  app.on(
    [
      "check_run.completed",
      "issues.edited",
      "issues.closed",
      "issues.reopened",
      "issues.labeled",
      "issues.unlabeled",
    ],
    async (context) => {
      if ("check_run" in context.payload && !EVIDENCE_CHECKS.has(context.payload.check_run.name)) return;
      const repo = repoOf(context);
      const octokit = context.octokit as unknown as Octokit;
      const loaded = await loadRepoConfig(octokit, repo);
      if (!loaded.ok) return;
      const policies = Object.values(loaded.config.gates.deployments);
      if (!policies.length) return;
      if ("issue" in context.payload) {
        // Only a readiness checklist or a P0 bug can change a deployment's verdict.
        const relevant = new Set([
          loaded.config.release.checklistLabel,
          ...policies.map((p) => p.p0Bugs.label),
        ]);
        const changed =
          "label" in context.payload && context.payload.label ? [context.payload.label.name] : [];
        const labels = [...(context.payload.issue.labels ?? []).map((l) => l?.name ?? ""), ...changed];
        if (!labels.some((l) => relevant.has(l))) return;
      }
      const deps = jobDeps(context, services);
      const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
        owner: repo.owner,
        repo: repo.repo,
        status: "waiting",
        per_page: 50,
      });
      for (const run of data.workflow_runs) {
        const { data: pending } = await octokit.rest.actions.getPendingDeploymentsForRun({
          owner: repo.owner,
          repo: repo.repo,
          run_id: run.id,
        });
        for (const env of pending) {
          const environment = env.environment.name;
          if (!environment) continue;
          services.queue.enqueue(`${repo.owner}/${repo.repo}@run${run.id}/${environment}`, async () => {
            await runDeploymentRuleJob(deps, {
              ...repo,
              environment,
              sha: run.head_sha,
              runId: run.id,
              waitingSince: run.created_at,
              reportPending: false,
              loaded,
            });
          });
        }
      }
    },
  );
}
