import { isReportName } from "../gates/commit-evidence.js";
import { GATE_CHECK_NAME } from "../gates/state.js";
import { CHECK_NAMES } from "../reports/schema.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/** Check runs whose completion can change a readiness report (reports and the gates' inputs). */
const evidenceRun = (name: string) =>
  isReportName(name) || name === CHECK_NAMES.deploy || name === CHECK_NAMES.watch || name === GATE_CHECK_NAME;

/**
 * New evidence for readiness reports: a report check run completed (QA, load test, a custom
 * "Flightdeck Report: <name>", deploy, watch, Go/No-Go), or an issue was opened, closed,
 * reopened, relabelled or edited by a person (defects and their priorities, the checklist's
 * manual items). Queues one `release.evidence` job per repository (coalesced); the worker keeps
 * only release issues whose commit or labels it concerns. Flightdeck's own edits (a Bot editing)
 * are not news.
 */
export function onReadinessEvidence(app: EventSource, services: AppServices): void {
  app.on(
    [
      "check_run.completed",
      "issues.opened",
      "issues.edited",
      "issues.closed",
      "issues.reopened",
      "issues.labeled",
      "issues.unlabeled",
    ],
    async (context) => {
      const repo = repoOf(context);
      const key = `${repo.owner}/${repo.repo}@release-evidence`;
      if ("check_run" in context.payload) {
        const run = context.payload.check_run;
        if (!evidenceRun(run.name)) return;
        await enqueueJob(context, services, "release.evidence", key, { ...repo, shas: [run.head_sha] });
        return;
      }
      const { issue, sender } = context.payload;
      if (context.payload.action === "edited" && sender.type === "Bot") return;
      const changed = "label" in context.payload && context.payload.label ? [context.payload.label.name] : [];
      const labels = [...(issue.labels ?? []).map((l) => l?.name ?? ""), ...changed].filter(Boolean);
      if (!labels.length) return;
      await enqueueJob(context, services, "release.evidence", key, { ...repo, labels });
    },
  );
}
