import nock from "nock";
import { ContractViolation, checkRestRequest, violationResponse } from "./contract.js";
import { type FakeGitHub, githubSchema } from "./fake-github.js";
import { checkGraphqlRequest } from "./graphql-contract.js";
import { recordViolation } from "./violations.js";

/** Every request a served fake GitHub saw, with its contract-check outcome. */
export interface ServedGitHub {
  /** Interceptors of the route families the test named; `scope.isDone()` proves each was used. */
  scope: nock.Scope;
  /**
   * Contract violations (REST vs OpenAPI, GraphQL vs schema) this harness saw. Each is also in
   * the shared registry (violations.ts), which fails the test in test/setup.ts's `afterEach`.
   */
  violations: string[];
  /** operationIds of REST calls, and `graphql:<OperationName>` for GraphQL calls, in order. */
  calls: string[];
}

export type Route = "graphql" | "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

/**
 * Routes https://api.github.com to a FakeGitHub through nock (network stays disabled), checking
 * every REST request (any method, any path) against GitHub's OpenAPI operations and every GraphQL
 * document against GitHub's schema before the fake answers it. A violating REST request is
 * answered as GitHub would (422, or 404 for an unknown route) with the checker's message, and
 * recorded so the test fails. `routes` names the families the test expects to use; the others
 * are still served and checked, but not required by `scope.isDone()`.
 */
export function serveGitHub(fake: FakeGitHub, routes: Route[] = ["graphql"]): ServedGitHub {
  const served: ServedGitHub = { scope: nock("https://api.github.com"), violations: [], calls: [] };
  const others = nock("https://api.github.com").persist();
  const json = (body: unknown) => (typeof body === "string" && body ? JSON.parse(body) : body || undefined);
  served.scope.persist();
  const scopeFor = (route: Route) => (routes.includes(route) ? served.scope : others);
  scopeFor("graphql")
    .post("/graphql")
    .reply(async (_uri, body) => {
      const req = json(body) as { query: string; variables?: Record<string, unknown> };
      const errors = checkGraphqlRequest(githubSchema(), req);
      const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(req.query)?.[1] ?? "anonymous";
      served.calls.push(`graphql:${name}`);
      if (errors.length) violate(served, `graphql ${name}: ${errors.join("; ")}`);
      // GitHub answers an invalid document with 200 and `errors`; the fake's executor does too.
      const res = await fake.graphql(req);
      return [res.status, res.body as nock.Body];
    });
  for (const method of METHODS) {
    scopeFor(method)
      .intercept(/^\/(?!graphql$)/, method)
      .reply((uri, body) => route(fake, served, method, uri, json(body)));
  }
  return served;
}

/**
 * Checks the requests a hand-written nock scope for https://api.github.com intercepts (canned
 * answers, e.g. a 403 secondary rate limit) against GitHub's OpenAPI operations, recording any
 * violation in the shared registry. @returns the scope, for chaining
 */
export function checkContracts(scope: nock.Scope): nock.Scope {
  scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
    try {
      checkRestRequest(req.method, req.path, body ? JSON.parse(body) : undefined);
    } catch (error) {
      recordViolation("nock", (error as Error).message);
    }
  });
  return scope;
}

function violate(served: ServedGitHub, message: string): void {
  served.violations.push(message);
  recordViolation("nock", message);
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
    if (!(error instanceof ContractViolation)) throw error;
    violate(served, error.message);
    const refused = violationResponse(error);
    return [refused.status, refused.body as nock.Body];
  }
  const res = fake.rest(method, uri, body);
  return [res.status, res.body as nock.Body, res.headers ?? {}];
}
