import type { Probot } from "probot";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { CHECK_NAMES } from "../reports/schema.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

const EVIDENCE_CHECKS = new Set<string>([CHECK_NAMES.qa, CHECK_NAMES.load, GATE_CHECK_NAME]);

/**
 * New evidence — a Flightdeck check run completed, or an issue was edited, closed, reopened or
 * relabelled (the worker keeps only readiness checklists and P0 bugs, which the config names) —
 * queues a sweep of the repository's waiting deployments (see deploymentSweep).
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
      let labels: string[] | undefined;
      if ("issue" in context.payload) {
        const changed =
          "label" in context.payload && context.payload.label ? [context.payload.label.name] : [];
        labels = [...(context.payload.issue.labels ?? []).map((l) => l?.name ?? ""), ...changed];
      }
      await enqueueJob(context, services, "deployment.sweep", `${repo.owner}/${repo.repo}@deployments`, {
        ...repo,
        ...(labels ? { labels } : {}),
      });
    },
  );
}
