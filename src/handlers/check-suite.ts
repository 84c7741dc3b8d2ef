import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/**
 * GitHub's "Re-run all checks" on this App's check suite (`check_suite.rerequested`) re-evaluates
 * the Go/No-Go of every open pull request whose head is the suite's commit. Other apps' suites
 * and the other actions (`requested`, `completed`) are not Flightdeck's concern.
 */
export function onCheckSuite(app: EventSource, services: AppServices): void {
  app.on("check_suite.rerequested", async (context) => {
    const suite = context.payload.check_suite;
    if (suite.app?.id !== services.appId || !suite.head_sha) return;
    const repo = repoOf(context as never);
    const pulls = (suite.pull_requests ?? [])
      .filter((p) => p.head.sha === suite.head_sha)
      .map((p) => p.number);
    await enqueueJob(context, services, "gate.commit", `${repo.owner}/${repo.repo}@${suite.head_sha}`, {
      ...repo,
      sha: suite.head_sha,
      pulls,
    });
  });
}
