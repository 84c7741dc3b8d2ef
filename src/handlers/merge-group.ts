import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob } from "./shared.js";

/**
 * `merge_group.checks_requested`: a merge queue built a merge group and waits for its required
 * checks on the group's head SHA. Flightdeck reports its Go/No-Go there (runMergeGroupJob), so a
 * required "Flightdeck Go/No-Go" never stalls the queue. Needs the Merge queues: read permission.
 */
export function onMergeGroup(app: EventSource, services: AppServices): void {
  app.on("merge_group.checks_requested", async (context) => {
    const { merge_group: group, repository } = context.payload;
    const owner = repository?.owner.login ?? "";
    const repo = repository?.name ?? "";
    await enqueueJob(
      context as unknown as Parameters<typeof enqueueJob>[0],
      services,
      "merge-group",
      `${owner}/${repo}@merge-group/${group.head_sha}`,
      {
        owner,
        repo,
        ...(repository?.default_branch ? { defaultBranch: repository.default_branch } : {}),
        headSha: group.head_sha,
        headRef: group.head_ref,
        baseRef: group.base_ref,
      },
    );
  });
}
