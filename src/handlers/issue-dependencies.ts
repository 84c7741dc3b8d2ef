import { onIssueOfSomeEpic, repoRef } from "./progress-events.js";
import type { EventSource } from "./router.js";
import type { AppServices } from "./shared.js";

/**
 * Blocked-by links added or removed (`issue_dependencies`: blocked_by_added/removed on the
 * blocked issue's side, blocking_added/removed on the blocker's): the blocked issue's epic is
 * refreshed — its blocked list, and a handoff when the last open blocker's link was removed.
 * GitHub may send both sides of one change; the refreshes coalesce and handoffs are posted once.
 */
export function onIssueDependencies(app: EventSource, services: AppServices): void {
  app.on("issue_dependencies", async (context) => {
    const p = context.payload;
    const repo = p.action.startsWith("blocked_by")
      ? p.repository
      : "blocked_issue_repo" in p
        ? p.blocked_issue_repo
        : undefined;
    if (!repo) return;
    await onIssueOfSomeEpic(context, services, repoRef(repo), p.blocked_issue);
  });
}
