import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub caps webhook payloads at 25 MB ("Webhook payload object", GitHub docs); larger ones are dropped by GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** A request whose body was read here: `@octokit/webhooks` takes a string `body` as the raw payload. */
type BodiedRequest = IncomingMessage & { body?: unknown };

/**
 * Reads a webhook delivery's body with a hard cap, before Probot sees it, and answers 413 as
 * soon as the body is known to exceed MAX_WEBHOOK_BYTES: at once when the declared
 * Content-Length is above it (nothing is read), and while streaming otherwise — a chunked body
 * without a Content-Length is counted chunk by chunk and dropped at the first byte past the cap,
 * so no more than MAX_WEBHOOK_BYTES is ever held. (Refusing every body without a length (411)
 * would also refuse clients that stream small deliveries.) A body within the cap is handed to
 * Probot as `req.body` (a string, which `@octokit/webhooks` verifies the signature of as is).
 * Requests other than `POST <webhookPath>` are left alone.
 * @returns true when it answered (413, or 400 when the client broke off the body)
 */
export async function limitWebhookBody(
  req: IncomingMessage,
  res: ServerResponse,
  webhookPath: string,
  max = MAX_WEBHOOK_BYTES,
): Promise<boolean> {
  if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== webhookPath) return false;
  if (typeof (req as BodiedRequest).body === "string") return false;
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > max) return refuse(res, max);
  const body = await readCapped(req, max);
  if (body === "too-large") return refuse(res, max);
  if (body === "aborted") {
    if (!res.headersSent) res.writeHead(400, { "content-type": "application/json", connection: "close" });
    res.end('{"error":"the request body was not complete"}');
    return true;
  }
  (req as BodiedRequest).body = body.toString("utf8");
  return false;
}

/** The body, or why there is none: over the cap (reading stopped there), or broken off. */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (answer: Buffer | "too-large" | "aborted") => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onError);
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0; // let go of what was read: it is refused
        req.pause();
        done("too-large");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onError = () => done("aborted");
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onError);
  });
}

function refuse(res: ServerResponse, max: number): true {
  // `connection: close`: Node closes the socket after the answer instead of reading the body.
  res.writeHead(413, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: `payload larger than GitHub's ${max} bytes` }));
  return true;
}
