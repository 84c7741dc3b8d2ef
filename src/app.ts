import type { Probot } from "probot";
import { PermissionCache } from "./github/permission-cache.js";
import { onAgentCommand } from "./handlers/agent-command.js";
import { onCheckRun } from "./handlers/check-run.js";
import { onCheckSuite } from "./handlers/check-suite.js";
import { onDeploymentProtectionRule } from "./handlers/deployment-protection-rule.js";
import { onDeploymentEvidence, scheduleDeploymentSweeps } from "./handlers/deployment-sweep.js";
import { onIssueCommentCreated } from "./handlers/issue-comment-created.js";
import { onIssueCommentEdited } from "./handlers/issue-comment-edited.js";
import { onIssueDependencies } from "./handlers/issue-dependencies.js";
import { onIssuesLabeled } from "./handlers/issues-labeled.js";
import { onLaunchCommand } from "./handlers/launch-command.js";
import { onLaunchReport } from "./handlers/launch-report.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onOpsCommands } from "./handlers/ops-commands.js";
import { onPullRequestCommand } from "./handlers/pr-command.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onPullRequestReview } from "./handlers/pull-request-review.js";
import { onReadinessEvidence } from "./handlers/readiness.js";
import { EventRouter } from "./handlers/router.js";
import { onSecurityAlerts } from "./handlers/security-alerts.js";
import type { AppServices } from "./handlers/shared.js";
import { onSubIssues } from "./handlers/sub-issues.js";
import { onTaskEvents } from "./handlers/task-events.js";
import { EmbeddedQueue } from "./jobs/embedded-queue.js";
import { jobRunner } from "./jobs/worker.js";

/** Options of the Flightdeck app; everything has a production default except the secret. */
export type AppOptions = Omit<AppServices, "queue" | "now" | "permissions"> &
  Partial<Pick<AppServices, "queue" | "now" | "permissions">> & {
    /** Run jobs in this process (default true); false makes it a webhook receiver only. */
    workers?: boolean;
    /** Period of the timer that re-answers waiting deployments, in ms; 0 turns it off. Default 15 min. */
    sweepIntervalMs?: number;
  };

/**
 * Builds the Probot application function: registers one handler per event concern. Handlers
 * filter on the payload and store a serializable job — no GitHub I/O — so deliveries are
 * acknowledged in milliseconds; workers (in this process unless `workers: false`) authorize,
 * read config and do the work. The default queue is the embedded one (no Redis).
 */
export function createApp(options: AppOptions): (app: Probot) => void {
  return (app) => {
    const { workers = true, ...rest } = options;
    const services: AppServices = {
      ...rest,
      now: options.now ?? (() => new Date()),
      permissions: options.permissions ?? new PermissionCache(),
      queue:
        options.queue ??
        new EmbeddedQueue({
          observer: {
            jobFinished: (job, _ms, outcome, error) => {
              if (outcome === "failed")
                app.log.error(
                  { err: error, jobKey: job.key, deliveryId: job.deliveryId },
                  `job ${job.kind} failed`,
                );
            },
          },
        }),
    };
    // One Probot listener per event, so that a delivery builds one context (see EventRouter).
    const router = new EventRouter();
    const events = { on: router.on };
    onIssuesLabeled(events, services);
    onIssueCommentCreated(events, services);
    onIssueCommentEdited(events, services);
    onPullRequest(events, services);
    onPullRequestReview(events, services);
    onPullRequestCommand(events, services);
    onCheckRun(events, services);
    onDeploymentProtectionRule(events, services);
    onDeploymentEvidence(events, services);
    onLaunchCommand(events, services);
    onLaunchReport(events, services);
    // Mission Control and handoffs (src/jobs/progress-job.ts); the gate's re-run button.
    onTaskEvents(events, services);
    onSubIssues(events, services);
    onIssueDependencies(events, services);
    onCheckSuite(events, services);
    onAgentCommand(events, services);
    onReadinessEvidence(events, services);
    onOpsCommands(events, services);
    onSecurityAlerts(events, services);
    onMergeGroup(events, services);
    router.attach(app, services.queue);
    if (workers) services.queue.process(jobRunner(app, services));
    scheduleDeploymentSweeps(app, services, options.sweepIntervalMs);
  };
}
