import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ContractViolation, checkRestRequest, violationResponse } from "./contract.js";
import { type FakeGitHub, GITHUB_ACTIONS_APP, githubSchema } from "./fake-github.js";
import { checkGraphqlRequest } from "./graphql-contract.js";
import { recordViolation } from "./violations.js";

/**
 * Serves a FakeGitHub's REST API on 127.0.0.1 for child processes (a bundled Action run with
 * GITHUB_API_URL pointing here), checking each request against GitHub's OpenAPI operations. A
 * violating request is answered as GitHub would (422, or 404 for an unknown route) with the
 * checker's message and recorded in the shared registry, which fails the test (test/setup.ts).
 * `override` answers chosen requests itself (after the check), e.g. to inject a failure.
 * Its callers are Actions holding a workflow's GITHUB_TOKEN, so what they create belongs to the
 * `github-actions` App, as on GitHub.
 */
export async function serveOverHttp(
  fake: FakeGitHub,
  override?: (method: string, path: string) => { status: number; body: unknown } | undefined,
) {
  fake.restApp = GITHUB_ACTIONS_APP;
  const violations: string[] = [];
  const calls: string[] = [];
  const answer = (method: string, path: string, body: unknown) => {
    try {
      calls.push(checkRestRequest(method, path, body));
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      violations.push(error.message);
      recordViolation("http", error.message);
      return violationResponse(error);
    }
    return override?.(method, path) ?? fake.rest(method, path, body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let out: { status: number; body: unknown };
      if (req.method === "POST" && req.url === "/graphql") {
        // GraphQL too (actions/standup reads epics with one query): checked against the schema.
        const query = JSON.parse(text) as { query: string; variables?: Record<string, unknown> };
        const errors = checkGraphqlRequest(githubSchema(), query);
        const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(query.query)?.[1] ?? "anonymous";
        calls.push(`graphql:${name}`);
        if (errors.length) {
          violations.push(`graphql ${name}: ${errors.join("; ")}`);
          recordViolation("http", `graphql ${name}: ${errors.join("; ")}`);
        }
        void fake.graphql(query).then((r) => {
          res.writeHead(r.status, { "content-type": "application/json" });
          res.end(JSON.stringify(r.body));
        });
        return;
      }
      try {
        out = answer(req.method ?? "GET", req.url ?? "/", text ? JSON.parse(text) : undefined);
      } catch (error) {
        const message = `fake GitHub could not read the request: ${(error as Error).message}`;
        recordViolation("http", message);
        out = { status: 400, body: { message } };
      }
      res.writeHead(out.status, { "content-type": "application/json" });
      res.end(out.status === 204 ? undefined : JSON.stringify(out.body));
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
