import type { Probot } from "probot";
import { runGateJob } from "../jobs/gate-job.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

/**
 * `pull_request` opened, synchronize (a push: approvals go stale; vetoes stand until withdrawn), reopened
 * and ready_for_review: queue a go/no-go evaluation of the head commit.
 */
export function onPullRequest(app: Probot, services: AppServices): void {
  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.ready_for_review",
    ],
    async (context) => {
      enqueueGate(context, services, context.payload.pull_request);
    },
  );
}

/** Queues a gate evaluation of a pull request's head, as the webhook payload describes it. */
export function enqueueGate(
  context: Parameters<typeof jobDeps>[0],
  services: AppServices,
  pr: { number: number; head: { sha: string }; user: { login: string } | null; html_url: string },
): void {
  const deps = jobDeps(context, services);
  services.queue.enqueue(pullKey(repoOf(context), pr.number), async () => {
    await runGateJob(deps, {
      ...repoOf(context),
      pull: pr.number,
      head: { sha: pr.head.sha, author: pr.user?.login ?? "", url: pr.html_url },
    });
  });
}

/** Queue key of a pull request: its evaluations run one at a time, in order. */
export function pullKey(repo: { owner: string; repo: string }, pull: number): string {
  return `${repo.owner}/${repo.repo}!${pull}`;
}
