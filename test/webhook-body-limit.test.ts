import { createHmac } from "node:crypto";
import { request } from "node:http";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BYTES } from "../src/http/body-limit.js";
import { type AppProcess, startApp, WEBHOOK_SECRET } from "./support/app-processes.js";

// The real server entry (src/server.ts, bundled) with Probot's middleware and the embedded queue:
// what GitHub talks to in production. Nothing here reaches GitHub (GHE_HOST points nowhere).
let app: AppProcess;
beforeAll(async () => {
  nock.enableNetConnect("127.0.0.1");
  app = await startApp("server", "127.0.0.1:9", "");
}, 90_000);
afterAll(() => app?.kill());

interface Sent {
  headers?: Record<string, string>;
  /** Body pieces, sent one by one (chunked when no content-length header is given). */
  pieces: Array<Buffer | string>;
  /** Pause between pieces, in ms. */
  pauseMs?: number;
}

/**
 * POSTs to the webhook path; resolves with the answer as soon as it comes, even mid-body, and
 * how many bytes the client had sent when it came.
 */
function post({
  headers = {},
  pieces,
  pauseMs = 0,
}: Sent): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let sent = 0;
    let answered = false;
    const req = request(
      { host: "127.0.0.1", port: app.port, method: "POST", path: "/api/github/webhooks", headers },
      (res) => {
        answered = true;
        sent = written;
        let body = "";
        res.on("data", (c: Buffer) => {
          body += c.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
        res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      },
    );
    // Once the server answered and closed, further writes fail (EPIPE/ECONNRESET): expected.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const write = async () => {
      for (const piece of pieces) {
        if (answered || req.destroyed) return;
        written += piece.length;
        if (!req.write(piece)) await new Promise((r) => req.once("drain", r));
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
      if (!answered) req.end();
      sent = written;
    };
    void write();
  });
}

function signed(event: string, payload: unknown, secret = WEBHOOK_SECRET) {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
  };
}

const MB = Buffer.alloc(1024 * 1024, "a");

describe("webhook bodies above GitHub's 25 MB cap, on the real server", () => {
  it("refuses a declared Content-Length above the cap with 413 before any of the body is sent", async () => {
    const { headers } = signed("ping", {});
    const answer = await post({
      headers: { ...headers, "content-length": String(MAX_WEBHOOK_BYTES + 1) },
      pieces: [],
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toBe('{"error":"payload larger than GitHub\'s 26214400 bytes"}');
    expect(answer.sent).toBe(0);
  });

  it("refuses a chunked body without a Content-Length with 413 once it passes the cap, counting while it streams", async () => {
    const { headers } = signed("ping", {});
    // 1 MB every 20 ms, up to 60 MB: the answer comes once the cap is passed, not at the end.
    const answer = await post({ headers, pieces: Array.from({ length: 60 }, () => MB), pauseMs: 20 });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("larger than GitHub's 26214400 bytes");
    expect(answer.sent).toBeGreaterThan(MAX_WEBHOOK_BYTES);
    expect(answer.sent).toBeLessThan(60 * MB.length);
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
  }, 60_000);

  it("still hands a chunked delivery within the cap to Probot, which verifies its signature", async () => {
    const payload = { zen: "Design for failure.", hook_id: 1, hook: { type: "App", id: 1, events: [] } };
    const good = signed("ping", payload);
    const pieces = [good.body.slice(0, 10), good.body.slice(10, 30), good.body.slice(30)];
    expect((await post({ headers: good.headers, pieces })).status).toBe(200);
    const forged = signed("ping", payload, "not-the-secret");
    const refused = await post({ headers: forged.headers, pieces });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("signature does not match");
  });
});
