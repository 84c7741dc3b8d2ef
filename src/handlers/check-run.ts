import { GATE_CHECK_NAME } from "../gates/state.js";
import { CHECK_NAMES } from "../reports/schema.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/**
 * A "Flightdeck QA" check run completed (new evidence), or someone pressed "Re-evaluate" or
 * GitHub's "Re-run" on this App's gate check run: queue a job that re-evaluates the gate of every open pull request whose head
 * is that commit (the worker looks them up when the payload lists none, as for forks).
 */
export function onCheckRun(app: EventSource, services: AppServices): void {
  app.on(["check_run.completed", "check_run.requested_action", "check_run.rerequested"], async (context) => {
    const run = context.payload.check_run;
    const reevaluate =
      (context.payload.action === "requested_action" &&
        run.name === GATE_CHECK_NAME &&
        context.payload.requested_action?.identifier === "reevaluate") ||
      // GitHub's "Re-run" on the Go/No-Go: only this App's own check run (names prove nothing).
      (context.payload.action === "rerequested" &&
        run.name === GATE_CHECK_NAME &&
        run.app?.id === services.appId);
    const evidence = context.payload.action === "completed" && run.name === CHECK_NAMES.qa;
    if (!reevaluate && !evidence) return;
    const repo = repoOf(context);
    const pulls = run.pull_requests.filter((p) => p.head.sha === run.head_sha).map((p) => p.number);
    await enqueueJob(context, services, "gate.commit", `${repo.owner}/${repo.repo}@${run.head_sha}`, {
      ...repo,
      sha: run.head_sha,
      pulls,
    });
  });
}
