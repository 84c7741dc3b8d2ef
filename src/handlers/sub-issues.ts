import { enqueueProgress, inRepo, repoRef } from "./progress-events.js";
import type { EventSource } from "./router.js";
import type { AppServices } from "./shared.js";

/**
 * Sub-issues added to or removed from an issue by hand (`sub_issues`: sub_issue_added/removed
 * on the parent's side, parent_issue_added/removed on the child's): the parent's Mission Control
 * takes them into its state. The job reads the parent and does nothing unless it is an epic
 * with sub-issues Flightdeck created.
 */
export function onSubIssues(app: EventSource, services: AppServices): void {
  app.on("sub_issues", async (context) => {
    const p = context.payload;
    // `repository` is optional in these payloads; the parent's repository is always named.
    const parentRepo =
      "parent_issue_repo" in p && p.parent_issue_repo
        ? p.parent_issue_repo
        : p.repository && inRepo(p.parent_issue, { owner: p.repository.owner.login, repo: p.repository.name })
          ? p.repository
          : "sub_issue_repo" in p && p.sub_issue_repo && inRepo(p.parent_issue, repoRef(p.sub_issue_repo))
            ? p.sub_issue_repo
            : undefined;
    if (!parentRepo) return;
    await enqueueProgress(context, services, repoRef(parentRepo), p.parent_issue.number);
  });
}
