import { pullKey } from "../jobs/gate-triggers.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/**
 * `pull_request` opened, synchronize (a push: approvals go stale; vetoes stand until withdrawn), reopened
 * and ready_for_review: queue a go/no-go evaluation of the head commit.
 */
export function onPullRequest(app: EventSource, services: AppServices): void {
  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.ready_for_review",
    ],
    async (context) => {
      await enqueueGate(context, services, context.payload.pull_request);
    },
  );
}

/** Queues a gate evaluation of a pull request's head, as the webhook payload describes it. */
export async function enqueueGate(
  context: Parameters<typeof repoOf>[0],
  services: AppServices,
  pr: { number: number; head: { sha: string }; user: { login: string } | null; html_url: string },
): Promise<void> {
  const repo = repoOf(context);
  await enqueueJob(context, services, "gate", pullKey(repo, pr.number), {
    ...repo,
    pull: pr.number,
    head: { sha: pr.head.sha, author: pr.user?.login ?? "", url: pr.html_url },
  });
}
