import type { IncomingMessage, ServerResponse } from "node:http";
import type { JobQueue } from "../jobs/queue.js";
import type { Metrics } from "../metrics.js";

/** A Probot 14 route handler (`addHandler`): true when it answered the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

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
