import { parse, validate } from "graphql";
import nock from "nock";
import { checkRestRequest } from "./contract.js";
import { type FakeGitHub, githubSchema } from "./fake-github.js";

/** Every request a served fake GitHub saw, with its contract-check outcome. */
export interface ServedGitHub {
  scope: nock.Scope;
  /** Contract violations (REST vs OpenAPI, GraphQL vs schema); tests assert this stays empty. */
  violations: string[];
  /** operationIds of REST calls, and `graphql:<OperationName>` for GraphQL calls, in order. */
  calls: string[];
}

/**
 * Routes https://api.github.com to a FakeGitHub through nock (network stays disabled), checking
 * every REST request against GitHub's OpenAPI operations and every GraphQL document against
 * GitHub's schema before the fake answers it.
 */
export type Route = "graphql" | "GET" | "POST" | "PATCH";

export function serveGitHub(fake: FakeGitHub, routes: Route[] = ["graphql"]): ServedGitHub {
  const served: ServedGitHub = { scope: nock("https://api.github.com"), violations: [], calls: [] };
  const json = (body: unknown) => (typeof body === "string" && body ? JSON.parse(body) : body || undefined);
  // Only the route families a test expects are served, so `scope.isDone()` proves each was used.
  served.scope.persist();
  if (routes.includes("graphql")) {
    served.scope.post("/graphql").reply(async (_uri, body) => {
      const req = json(body) as { query: string; variables?: Record<string, unknown> };
      const errors = validate(githubSchema(), parse(req.query)).map((e) => e.message);
      const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(req.query)?.[1] ?? "anonymous";
      served.calls.push(`graphql:${name}`);
      if (errors.length) served.violations.push(`graphql ${name}: ${errors.join("; ")}`);
      const res = await fake.graphql(req);
      return [res.status, res.body as nock.Body];
    });
  }
  for (const method of ["GET", "POST", "PATCH"] as const) {
    if (!routes.includes(method)) continue;
    served.scope
      .intercept(/^\/repos\//, method)
      .reply((uri, body) => route(fake, served, method, uri, json(body)));
  }
  return served;
}

function route(
  fake: FakeGitHub,
  served: ServedGitHub,
  method: string,
  uri: string,
  body: unknown,
): nock.ReplyFnResult {
  try {
    served.calls.push(checkRestRequest(method, uri, body));
  } catch (error) {
    served.violations.push((error as Error).message);
  }
  const res = fake.rest(method, uri, body);
  return [res.status, res.body as nock.Body, res.headers ?? {}];
}
