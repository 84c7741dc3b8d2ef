import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse, validate } from "graphql";
import { checkRestRequest } from "./contract.js";
import { type FakeGitHub, githubSchema } from "./fake-github.js";

/**
 * A FakeGitHub on 127.0.0.1 as a GitHub Enterprise host (REST under /api/v3, GraphQL at
 * /api/graphql, installation tokens), for app processes started with GHE_HOST/GHE_PROTOCOL.
 * REST is checked against GitHub's OpenAPI operations and GraphQL against the schema.
 * `loseRest(method, path)` returning true makes that request happen and its answer be lost (502).
 * `latencyMs` delays every answer (a realistic GitHub).
 */
export async function serveGitHubHttp(fake: FakeGitHub, options: { latencyMs?: number } = {}) {
  const violations: string[] = [];
  const calls: string[] = [];
  const state: { loseRest?: (method: string, path: string) => boolean } = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? JSON.parse(text) : undefined;
      const method = req.method ?? "GET";
      const path = (req.url ?? "/").replace(/^\/api\/v3(?=\/)/, "");
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const send = (status: number, out: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(out));
      };
      if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
        const expires = new Date(Date.now() + 3_600_000).toISOString();
        return send(201, {
          token: "ghs_installation",
          expires_at: expires,
          permissions: {},
          repository_selection: "all",
        });
      }
      if (path === "/api/graphql") {
        const errors = validate(githubSchema(), parse(body.query)).map((e) => e.message);
        const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? "anonymous";
        calls.push(`graphql:${name}`);
        if (errors.length) violations.push(`graphql ${name}: ${errors.join("; ")}`);
        const out = await fake.graphql(body);
        return send(out.status, out.body);
      }
      try {
        calls.push(checkRestRequest(method, path, body));
      } catch (error) {
        violations.push((error as Error).message);
      }
      const out = fake.rest(method, path, body);
      if (state.loseRest?.(method, path)) return send(502, { message: "Server Error" });
      send(out.status, out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    violations,
    calls,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
