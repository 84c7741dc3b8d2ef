import { enqueueGate } from "./pull-request.js";
import type { EventSource } from "./router.js";
import type { AppServices } from "./shared.js";

/** A review submitted or dismissed may change role approvals: re-evaluate the gate. */
export function onPullRequestReview(app: EventSource, services: AppServices): void {
  app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], async (context) => {
    const pr = context.payload.pull_request;
    if (pr.state !== "open") return;
    await enqueueGate(context, services, pr);
  });
}
