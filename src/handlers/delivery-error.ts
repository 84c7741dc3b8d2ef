/** An error the webhook middleware answers with its `status` (@octokit/webhooks reads `err.status`). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** The answer when the job queue cannot keep a delivery's jobs: 503, so GitHub can redeliver it. */
export function queueUnavailable(error: unknown): DeliveryError {
  return new DeliveryError(`job queue unavailable: ${(error as Error)?.message ?? String(error)}`, 503);
}
