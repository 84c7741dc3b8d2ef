import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, epicKey, repoOf } from "./shared.js";

/**
 * `issues.labeled` by a person: queue a job that checks, in the worker, whether the label is the
 * config's trigger label (default `epic`) and the sender has write access, then posts the plan
 * preview. The repository's config decides the label, so every human label is queued; the
 * job costs one config read when it is not the trigger.
 */
export function onIssuesLabeled(app: EventSource, services: AppServices): void {
  app.on("issues.labeled", async (context) => {
    const { issue, label, sender } = context.payload;
    if (!label || sender.type === "Bot" || issue.state !== "open") return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "epic.labeled", epicKey(repo, issue.number), {
      ...repo,
      epic: issue.number,
      title: issue.title,
      body: issue.body ?? "",
      label: label.name,
      sender: sender.login,
    });
  });
}
