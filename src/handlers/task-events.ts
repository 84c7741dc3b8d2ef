import { MARK } from "../markers.js";
import { enqueueProgress, onIssueOfSomeEpic } from "./progress-events.js";
import type { EventSource } from "./router.js";
import { type AppServices, repoOf } from "./shared.js";

/**
 * Task state changes that move an epic's Mission Control: an issue closed or reopened (it may be
 * a task, or block one: handoffs), assigned or unassigned (in progress or not). A person's edit
 * of an epic body that holds Flightdeck's section refreshes it too, carrying the edit so that a
 * refresh that raced with it cannot lose it. Only payload filtering here; the job reads GitHub.
 */
export function onTaskEvents(app: EventSource, services: AppServices): void {
  app.on(["issues.closed", "issues.reopened", "issues.assigned", "issues.unassigned"], async (context) => {
    const { issue } = context.payload;
    if (issue.pull_request) return;
    await onIssueOfSomeEpic(context, services, repoOf(context), issue);
  });

  app.on("issues.edited", async (context) => {
    const { issue, changes, sender } = context.payload;
    const before = changes.body?.from;
    const after = issue.body ?? "";
    // Our own edits (sender is a bot) are what the section is; only people's edits matter here.
    if (before === undefined || before === null || sender.type === "Bot" || issue.pull_request) return;
    if (!before.includes(MARK.progressStart) && !after.includes(MARK.progressStart)) return;
    await enqueueProgress(context, services, repoOf(context), issue.number, {
      before,
      after,
      at: issue.updated_at,
    });
  });
}
