import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { Probot, Server } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Local development as the README describes it: GitHub delivers to a smee.io channel
// (WEBHOOK_PROXY_URL) and Probot's server, through the installed smee-client, forwards each
// delivery to its webhook route. Here a local server speaks the channel's protocol (server-sent
// events whose data is {body, ...headers}), so the whole path runs offline.

const SECRET = "proxy-test-secret";
const received: Array<{ name: string; id: string; label: string }> = [];
let channel: ReturnType<typeof createServer>;
let listeners: ServerResponse[] = [];
let server: Server;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

beforeAll(async () => {
  nock.enableNetConnect("127.0.0.1");
  channel = createServer((req, res) => {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    res.write(": ready\n\n");
    listeners.push(res);
    req.on("close", () => {
      listeners = listeners.filter((l) => l !== res);
    });
  });
  await new Promise<void>((r) => channel.listen(0, "127.0.0.1", r));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  // A logger at "fatal": the forged delivery below is refused loudly by design.
  const silent = new Probot({ appId: 1, privateKey: "unused", logLevel: "fatal" });
  await silent.ready();
  const quiet = silent.log;
  server = new Server({
    log: quiet,
    host: "127.0.0.1",
    port: await freePort(),
    webhookProxy: `http://127.0.0.1:${(channel.address() as AddressInfo).port}/channel`,
    Probot: Probot.defaults({
      appId: 4242,
      privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      secret: SECRET,
      log: quiet,
    }),
  });
  await server.load((app: Probot) => {
    app.on("issues.labeled", async (context) => {
      received.push({ name: context.name, id: context.id, label: context.payload.label?.name ?? "" });
    });
  });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  for (const l of listeners) l.end();
  await new Promise<void>((r) => channel.close(() => r()));
  nock.disableNetConnect();
});

/** What smee.io sends for one GitHub delivery: the body and GitHub's headers in one event. */
function deliver(event: string, id: string, payload: object, secret = SECRET): void {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const data = {
    body: payload,
    "x-github-event": event,
    "x-github-delivery": id,
    "x-hub-signature-256": signature,
  };
  for (const l of listeners) l.write(`data: ${JSON.stringify(data)}\n\n`);
}

const labeled = {
  action: "labeled",
  issue: { number: 7, title: "Team invitations", body: "", labels: [{ name: "epic" }] },
  label: { name: "epic" },
  repository: { id: 1, name: "app", full_name: "acme/app", owner: { login: "acme" } },
  sender: { login: "maintainer", type: "User" },
  installation: { id: 99 },
};

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe("WEBHOOK_PROXY_URL: deliveries reach the app through smee-client", () => {
  it("forwards a signed delivery from the channel to the app's handler", async () => {
    await until(() => listeners.length > 0);
    expect(listeners.length).toBe(1);
    deliver("issues", "delivery-1", labeled);
    await until(() => received.length > 0);
    expect(received).toEqual([{ name: "issues", id: "delivery-1", label: "epic" }]);
  });

  it("still refuses a delivery whose signature does not match the webhook secret", async () => {
    deliver("issues", "forged", labeled, "another-secret");
    deliver("issues", "delivery-2", labeled);
    await until(() => received.length > 1);
    expect(received.map((r) => r.id)).toEqual(["delivery-1", "delivery-2"]);
  });
});
