import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: unknown;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody: unknown;
  requestBodyRequired: boolean;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/github/rest-operations.json", import.meta.url), "utf8"),
) as { operations: Record<string, Operation> };

/** OpenAPI 3.0's `nullable: true` is not JSON Schema: rewrite it as a "null" type alternative. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!value || typeof value !== "object") return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, toJsonSchema(v)]));
  if (nullable !== true) return out;
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  return { anyOf: [out, { type: "null" }] };
}

/**
 * Closes every object schema that lists its `properties` and says nothing about others: GitHub
 * ignores (or rejects) unknown body fields, and a misspelt field silently ignored is a bug.
 * Schemas that set `additionalProperties` themselves (free-form `payload`, the `anyOf` branches
 * of checks/update) keep their word. Keys of a `properties` map are field names, not schemas.
 */
function close(value: unknown, fieldNames = false): unknown {
  if (Array.isArray(value)) return value.map((v) => close(v));
  if (!value || typeof value !== "object") return value;
  const out = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, close(v, !fieldNames && k === "properties")]),
  );
  if (!fieldNames && out.properties && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

// Unknown OpenAPI keywords (e.g. `x-*`) are allowed, so strict mode is off.
const ajv = new Ajv({ strict: false, allErrors: true });
// Path and query values arrive as strings; coercion checks them as the types GitHub parses.
const paramAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: "array" });
for (const a of [ajv, paramAjv]) (addFormats as unknown as (x: Ajv) => void)(a);

const paramSchema = (params: Parameter[]) => ({
  type: "object",
  properties: Object.fromEntries(params.map((p) => [p.name, toJsonSchema(p.schema) ?? {}])),
  required: params.filter((p) => p.required).map((p) => p.name),
  additionalProperties: false,
});

const compiled = Object.entries(fixture.operations)
  .map(([id, op]) => {
    const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    // A repository file path (`contents/{path}`) may span segments; every other parameter is one.
    const pattern = op.path.replace(/\{([^}]+)\}/g, (_, name) => (name === "path" ? "(.+)" : "([^/]+)"));
    return {
      id,
      op,
      names,
      regex: new RegExp(`^${pattern}$`),
      literalSegments: op.path.split("/").filter((s) => s && !s.startsWith("{")).length,
      pathParams: paramAjv.compile(paramSchema(op.parameters.filter((p) => p.in === "path"))),
      queryParams: paramAjv.compile(paramSchema(op.parameters.filter((p) => p.in === "query"))),
      validate: op.requestBody
        ? (ajv.compile(close(toJsonSchema(op.requestBody)) as object) as ValidateFunction)
        : undefined,
    };
  })
  // The most literal template wins (`issues/comments/{id}` before `issues/{issue_number}`).
  .sort((a, b) => b.literalSegments - a.literalSegments);

function findOperation(verb: string, pathname: string) {
  for (const c of compiled) {
    if (c.op.method !== verb) continue;
    const m = c.regex.exec(pathname);
    if (!m) continue;
    const params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    return { match: c, params };
  }
  return undefined;
}

/** A request GitHub would refuse; `status` is what GitHub answers (404 unknown route, 422 invalid). */
export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly status: 404 | 422,
  ) {
    super(message);
    this.name = "ContractViolation";
  }
}

/**
 * Of a failed `anyOf`/`oneOf`, keeps the errors of the branch that came closest (fewest errors):
 * "unknown field state" from the branch without `state` would only mislead.
 */
function closestBranch(errors: ErrorObject[]): ErrorObject[] {
  const combinator = errors.find((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  if (!combinator) return errors;
  const prefix = `${combinator.schemaPath}/`;
  const branches = new Map<string, ErrorObject[]>();
  const rest: ErrorObject[] = [];
  for (const e of errors) {
    const branch = e.schemaPath.startsWith(prefix)
      ? e.schemaPath.slice(prefix.length).split("/")[0]
      : undefined;
    if (branch !== undefined) branches.set(branch, [...(branches.get(branch) ?? []), e]);
    else if (e !== combinator) rest.push(e);
  }
  const best = [...branches.values()].sort((a, b) => a.length - b.length)[0] ?? [combinator];
  return [...rest, ...best];
}

/** Ajv's errors, naming the unknown field or the allowed values where Ajv's text does not. */
const errorsText = (errors: ErrorObject[] | null | undefined, dataVar: string) =>
  closestBranch(errors ?? [])
    .map((e) => {
      const where = `${dataVar}${e.instancePath}`;
      const p = e.params as { additionalProperty?: string; allowedValues?: unknown[] };
      if (e.keyword === "additionalProperties") return `${where} has unknown field "${p.additionalProperty}"`;
      if (e.keyword === "enum") return `${where} must be one of ${JSON.stringify(p.allowedValues)}`;
      return `${where} ${e.message}`;
    })
    .filter((text, i, all) => all.indexOf(text) === i)
    .join("; ");

/**
 * Checks one REST request against GitHub's OpenAPI description (the committed extract in
 * test/fixtures/github/rest-operations.json, from `@octokit/openapi`): any method and path must
 * be a known operation; path and query parameters must match their schemas (types, enums,
 * `per_page` ≤ 100; unknown query parameters refused); the JSON body must match the request
 * schema with unknown fields refused (`additionalProperties: false` unless the schema allows
 * more).
 * @returns the operationId
 * @throws ContractViolation naming the operation and the mismatch
 */
export function checkRestRequest(method: string, pathWithQuery: string, body: unknown): string {
  const url = new URL(pathWithQuery, "https://api.github.com");
  const verb = method.toUpperCase();
  const found = findOperation(verb, url.pathname);
  if (!found) {
    throw new ContractViolation(`${verb} ${url.pathname} is not an operation in the OpenAPI fixture`, 404);
  }
  const { match, params } = found;
  if (!match.pathParams(params)) {
    throw new ContractViolation(`${match.id}: ${errorsText(match.pathParams.errors, "path")}`, 422);
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length > 1 ? all : (all[0] as string);
  }
  if (!match.queryParams(query)) {
    const unknown = (match.queryParams.errors ?? [])
      .filter((e) => e.keyword === "additionalProperties")
      .map((e) => (e.params as { additionalProperty: string }).additionalProperty);
    const text = unknown.length
      ? `unknown query parameter ${unknown.join(", ")}`
      : errorsText(match.queryParams.errors, "query");
    throw new ContractViolation(`${match.id}: ${text}`, 422);
  }
  const empty = body === undefined || body === null || body === "";
  if (match.validate) {
    if (empty) {
      if (match.op.requestBodyRequired)
        throw new ContractViolation(`${match.id}: request body is required`, 422);
    } else if (!match.validate(body)) {
      throw new ContractViolation(
        `${match.id}: body does not match the OpenAPI schema: ${errorsText(match.validate.errors, "body")}`,
        422,
      );
    }
  } else if (!empty) {
    throw new ContractViolation(`${match.id}: this operation takes no request body`, 422);
  }
  return match.id;
}

/**
 * The answer GitHub gives a request it refuses, carrying the checker's message: 404 for an
 * unknown route, 422 for invalid parameters or body (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
 */
export function violationResponse(error: ContractViolation): { status: number; body: unknown } {
  return {
    status: error.status,
    body: {
      message: error.message,
      documentation_url: "https://docs.github.com/rest",
      status: String(error.status),
    },
  };
}
