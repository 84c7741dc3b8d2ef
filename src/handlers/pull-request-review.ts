import type { Probot } from "probot";
import { runGateJob } from "../jobs/gate-job.js";
import { pullKey } from "./pull-request.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

/** A review submitted or dismissed may change role approvals: re-evaluate the gate. */
export function onPullRequestReview(app: Probot, services: AppServices): void {
  app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], async (context) => {
    const pr = context.payload.pull_request;
    if (pr.state !== "open") return;
    const deps = jobDeps(context, services);
    services.queue.enqueue(pullKey(repoOf(context), pr.number), async () => {
      await runGateJob(deps, {
        ...repoOf(context),
        pull: pr.number,
        head: { sha: pr.head.sha, author: pr.user?.login ?? "", url: pr.html_url },
      });
    });
  });
}
