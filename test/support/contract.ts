import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody: unknown;
  requestBodyRequired: boolean;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/github/rest-operations.json", import.meta.url), "utf8"),
) as {
  operations: Record<string, Operation>;
};
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

// Unknown OpenAPI keywords (e.g. `x-*`) are allowed, so strict mode is off.
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const compiled = Object.entries(fixture.operations).map(([id, op]) => ({
  id,
  op,
  regex: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  validate: op.requestBody
    ? (ajv.compile(toJsonSchema(op.requestBody) as object) as ValidateFunction)
    : undefined,
}));

/**
 * Checks one REST request against GitHub's OpenAPI description (the committed extract in
 * test/fixtures/github/rest-operations.json): the method and path must be a known operation,
 * required query parameters present, and the JSON body valid against its request schema.
 * @returns the operationId
 * @throws Error describing the mismatch
 */
export function checkRestRequest(method: string, pathWithQuery: string, body: unknown): string {
  const url = new URL(pathWithQuery, "https://api.github.com");
  const path = decodeURIComponent(url.pathname).replace(/%2F/gi, "/");
  const match = compiled.find(
    (c) => c.op.method === method.toUpperCase() && (c.regex.test(url.pathname) || c.regex.test(path)),
  );
  if (!match) throw new Error(`${method} ${url.pathname} is not an operation in the OpenAPI fixture`);
  for (const p of match.op.parameters) {
    if (p.in === "query" && p.required && !url.searchParams.has(p.name)) {
      throw new Error(`${match.id}: missing required query parameter ${p.name}`);
    }
  }
  if (match.validate) {
    if (body === undefined || body === "") {
      if (match.op.requestBodyRequired) throw new Error(`${match.id}: request body is required`);
    } else if (!match.validate(body)) {
      throw new Error(
        `${match.id}: body does not match the OpenAPI schema: ${ajv.errorsText(match.validate.errors)}`,
      );
    }
  } else if (body !== undefined && body !== "" && method !== "GET") {
    throw new Error(`${match.id}: this operation takes no request body`);
  }
  return match.id;
}
