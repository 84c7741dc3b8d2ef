import { type IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { opsRoutes } from "../src/http/routes.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import { createMetrics } from "../src/metrics.js";
import { assertWebhookSecret } from "../src/runtime.js";
import { appHarness } from "./support/app-harness.js";
import { commentCreated, issuesLabeled, WORLD } from "./support/webhooks.js";

function request(method: string, url: string, headers: Record<string, string> = {}) {
  const req = { method, url, headers } as unknown as IncomingMessage;
  const res = new ServerResponse(req);
  const chunks: string[] = [];
  res.assignSocket(new Socket());
  res.end = ((chunk?: string) => {
    if (chunk) chunks.push(chunk);
    return res;
  }) as never;
  return { req, res, body: () => chunks.join("") };
}

describe("the ingestion edge", () => {
  it("refuses to start in production without a webhook secret, naming the variable", () => {
    expect(() => assertWebhookSecret({ NODE_ENV: "production" })).toThrow(
      "WEBHOOK_SECRET is required when NODE_ENV=production (without it anyone could forge webhook deliveries): set it to the App's webhook secret.",
    );
    expect(() => assertWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: "development" })).toThrow(
      "WEBHOOK_SECRET is required",
    );
    expect(() => assertWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: "s3cret" })).not.toThrow();
    expect(() => assertWebhookSecret({})).not.toThrow();
  });

  it("serves /healthz and Prometheus /metrics", async () => {
    const queue = new EmbeddedQueue();
    const metrics = createMetrics(() => queue);
    metrics.githubRequest("POST", 201);
    metrics.rateLimitWait("secondary", 60);
    const route = opsRoutes(queue, metrics);
    const health = request("GET", "/healthz");
    expect(await route(health.req, health.res)).toBe(true);
    expect([health.res.statusCode, health.body()]).toEqual([200, '{"status":"ok"}']);
    const scrape = request("GET", "/metrics");
    expect(await route(scrape.req, scrape.res)).toBe(true);
    expect(scrape.body()).toContain("flightdeck_queue_depth 0");
    expect(scrape.body()).toContain('flightdeck_github_requests_total{method="POST",status="201"} 1');
    expect(scrape.body()).toContain('flightdeck_rate_limit_wait_seconds_total{kind="secondary"} 60');
    const other = request("GET", "/elsewhere");
    expect(await route(other.req, other.res)).toBe(false);
  });
});

describe("commands and labels that must not write", () => {
  it("writes nothing — not even a config error — for a triage user's epic label", async () => {
    const h = await appHarness({ config: "planner:\n  maxTasks: many\n", routes: ["GET"] });
    await h.label("tracy");
    await h.settle();
    expect(h.fake.writeCount).toBe(0);
    expect(h.served.calls).toContain("repos/get-collaborator-permission-level");
    h.done();
  });

  it("ignores commands and labels on closed issues: no permission asked, nothing written", async () => {
    const h = await appHarness({ config: "", routes: ["GET"] });
    const closed = { number: h.epic.number, body: "", labels: ["epic"] };
    const comment = commentCreated(closed, "/flightdeck plan", WORLD.maintainer);
    comment.issue.state = "closed";
    const launch = commentCreated(closed, "/flightdeck launch v1.0.0", WORLD.maintainer);
    launch.issue.state = "closed";
    const label = issuesLabeled({ ...closed, labels: [] }, "epic", WORLD.maintainer);
    label.issue.state = "closed";
    await h.deliver("issue_comment", comment);
    await h.deliver("issue_comment", launch);
    await h.deliver("issues", label);
    expect(h.queue.pending).toBe(2); // only the deployment-evidence sweep and the readiness evidence of the label event
    await h.settle();
    expect(h.fake.writeCount).toBe(0);
    expect(new Set(h.served.calls)).toEqual(new Set(["repos/get-content"]));
    h.done();
  });
});
