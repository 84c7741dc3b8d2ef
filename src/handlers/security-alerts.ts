import { securityKey } from "../jobs/gate-security-job.js";
import type { EventSource } from "./router.js";
import { type AppServices, enqueueJob, repoOf } from "./shared.js";

/** A pull request's refs as code scanning names them: `refs/pull/<n>/merge` or `refs/pull/<n>/head`. */
const PULL_REF = /^refs\/pull\/(\d+)\/(?:merge|head)$/;

/**
 * Security alerts changed, so the gate's `security` criterion may judge differently: queue a
 * re-evaluation of the pull requests concerned (the worker checks the config reads that source).
 * - `code_scanning_alert`: the gate reads code scanning on a pull request's merge ref, so an
 *   alert on `refs/pull/<n>/…` concerns pull request n; a person closing or reopening an alert
 *   (`closed_by_user`, `reopened_by_user`: empty `ref`) changes it on every ref, so every open
 *   pull request; an alert on a branch or tag changes no pull request's merge-ref alerts.
 * - `dependabot_alert`, and `secret_scanning_alert` created, reopened or resolved: these alerts
 *   are the repository's, counted for every pull request (its other actions — assigned,
 *   validated, publicly leaked — leave the open alerts as they are).
 */
export function onSecurityAlerts(app: EventSource, services: AppServices): void {
  app.on("code_scanning_alert", async (context) => {
    const ref = context.payload.ref ?? "";
    const pull = PULL_REF.exec(ref);
    if (ref && !pull) return;
    const repo = repoOf(context);
    await enqueueJob(context, services, "gate.security", securityKey(repo), {
      ...repo,
      sources: ["codeScanning"],
      ...(pull ? { pull: Number(pull[1]) } : {}),
    });
  });
  app.on("dependabot_alert", async (context) => {
    const repo = repoOf(context);
    await enqueueJob(context, services, "gate.security", securityKey(repo), {
      ...repo,
      sources: ["dependabot"],
    });
  });
  app.on(
    ["secret_scanning_alert.created", "secret_scanning_alert.reopened", "secret_scanning_alert.resolved"],
    async (context) => {
      const repo = repoOf(context);
      await enqueueJob(context, services, "gate.security", securityKey(repo), {
        ...repo,
        sources: ["secretScanning"],
      });
    },
  );
}
