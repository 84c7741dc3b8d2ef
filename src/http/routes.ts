import type { IncomingMessage, ServerResponse } from "node:http";
import type { JobQueue } from "../jobs/queue.js";
import type { Metrics } from "../metrics.js";

/** GitHub caps webhook payloads at 25 MB ("Webhook payload object", GitHub docs); larger ones are dropped by GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** A Probot 14 route handler (`addHandler`): true when it answered the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * Refuses a webhook body above MAX_WEBHOOK_BYTES by its Content-Length (413) before it is read;
 * Node's parser never reads past a declared length. GitHub always declares it; a chunked body
 * is left to Probot.
 * @returns true when it answered
 */
export function refuseOversizedWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  webhookPath: string,
): boolean {
  if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== webhookPath) return false;
  const length = req.headers["content-length"];
  if (length === undefined || Number(length) <= MAX_WEBHOOK_BYTES) return false;
  // `connection: close`: Node closes the socket after the answer instead of reading the body.
  res.writeHead(413, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: `payload larger than GitHub's ${MAX_WEBHOOK_BYTES} bytes` }));
  return true;
}

/**
 * `GET /healthz` — 200 `{"status":"ok"}`, or 503 `{"status":"unavailable"}` when the queue's
 * Redis is unreachable (the container is restarted or taken out of rotation) — and
 * `GET /metrics` in Prometheus' text format.
 */
export function opsRoutes(queue: JobQueue, metrics: Metrics): RouteHandler {
  return async (req, res) => {
    if (req.method !== "GET") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") {
      const ok = await queue.healthy();
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ok ? "ok" : "unavailable" }));
      return true;
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return true;
    }
    return false;
  };
}
