import { createServer } from "node:http";
import { createNodeMiddleware, createProbot, run } from "probot";
import { FlightdeckOctokit } from "./github/octokit.js";
import { RECEIVER_TOKEN, ReceiverOctokit } from "./github/receiver-octokit.js";
import { limitWebhookBody } from "./http/body-limit.js";
import flightdeck, { stopFlightdeck } from "./index.js";
import { assertWebhookSecret, workersFromEnv } from "./runtime.js";

// `node dist/server.js` (`npm start`): the webhook receiver, with in-process workers unless
// FLIGHTDECK_WORKERS=0. Without APP_ID (first run, not production) or with a smee.io
// WEBHOOK_PROXY_URL (local development) it is Probot's own server, whose manifest flow registers
// the App. Otherwise Flightdeck serves Probot's middleware itself,
// so that an oversized body is refused (413) before it is buffered — by its Content-Length, or
// counted while it streams when it has none (limitWebhookBody). A receiver-only server
// (FLIGHTDECK_WORKERS=0 with REDIS_URL) is given no App credentials at all (ReceiverOctokit).
const env = process.env;
try {
  assertWebhookSecret(env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if ((!env.APP_ID || env.WEBHOOK_PROXY_URL) && env.NODE_ENV !== "production") {
  await run(flightdeck, { Octokit: FlightdeckOctokit });
} else {
  // A receiver next to Redis workers calls no GitHub API: it needs no per-delivery client.
  const receiverOnly = Boolean(env.REDIS_URL) && !workersFromEnv(env);
  const probot = createProbot({
    overrides: receiverOnly
      ? { Octokit: ReceiverOctokit, githubToken: RECEIVER_TOKEN }
      : { Octokit: FlightdeckOctokit },
  });
  const middleware = await createNodeMiddleware(flightdeck, { probot });
  const webhookPath = env.WEBHOOK_PATH ?? "/api/github/webhooks";
  const server = createServer(async (req, res) => {
    if (await limitWebhookBody(req, res, webhookPath)) return;
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    });
  });
  const port = Number(env.PORT ?? 3000);
  server.listen(port, env.HOST ?? "0.0.0.0", () => probot.log.info(`Flightdeck listening on port ${port}`));
  // Stop taking deliveries and answer the ones in flight, then let the queue land what it
  // acknowledged (Redis: the marks' confirmations and key-order places follow the answer) and
  // in-process workers finish or hand back their jobs. Bounded: a stuck connection does not
  // keep the process alive.
  const stop = () => {
    setTimeout(() => {
      probot.log.warn("Flightdeck did not stop within 30 s: exiting");
      process.exit(1);
    }, 30_000).unref();
    server.close(() => void stopFlightdeck().finally(() => process.exit(0)));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
