import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRestRequest } from "./contract.js";
import type { FakeGitHub } from "./fake-github.js";

/**
 * Serves a FakeGitHub's REST API on 127.0.0.1 for child processes (a bundled Action run with
 * GITHUB_API_URL pointing here), checking each request against GitHub's OpenAPI operations.
 */
export async function serveOverHttp(
  fake: FakeGitHub,
  override?: (method: string, path: string) => { status: number; body: unknown } | undefined,
) {
  const violations: string[] = [];
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? JSON.parse(text) : undefined;
      const method = req.method ?? "GET";
      const path = req.url ?? "/";
      try {
        calls.push(checkRestRequest(method, path, body));
      } catch (error) {
        violations.push((error as Error).message);
      }
      const out = override?.(method, path) ?? fake.rest(method, path, body);
      res.writeHead(out.status, { "content-type": "application/json" });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
