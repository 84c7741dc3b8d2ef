// GraphQL half of the contract checker (REST is in contract.ts): what GitHub would refuse in a
// GraphQL request, checked against the committed copy of GitHub's public schema.
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  TypeInfo,
  type ValueNode,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";

/** GitHub's GraphQL resource limits (https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api). */
export const GRAPHQL_LIMITS = { perConnection: 100, totalNodes: 500_000 } as const;

/**
 * What GitHub would refuse in a GraphQL request: a document invalid against the schema (the
 * committed copy of GitHub's public schema), variables that do not coerce to their declared
 * types, and GitHub's own rules the schema cannot express — every connection needs `first` or
 * `last` (1–100), and the nodes a query could return (the product of page sizes along each
 * nesting) stay ≤ 500,000.
 * @returns the problems in GitHub's wording, empty when GitHub would run the request
 */
export function checkGraphqlRequest(
  schema: GraphQLSchema,
  req: { query: string; variables?: Record<string, unknown> },
): string[] {
  const { doc, errors } = parseAndValidate(schema, req.query);
  if (!doc || errors.length) return errors;
  const op = getOperationAST(doc);
  const coerced = getVariableValues(schema, op?.variableDefinitions ?? [], req.variables ?? {});
  if (coerced.errors) return coerced.errors.map((e) => e.message);
  return checkGraphqlLimits(schema, doc, coerced.coerced);
}

const parsed = new WeakMap<GraphQLSchema, Map<string, { doc?: DocumentNode; errors: string[] }>>();

/**
 * Parses and validates a document against the schema, once per distinct text (validating
 * against GitHub's 1.4 MB schema costs milliseconds, and tests send the same documents often).
 */
export function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
): { doc?: DocumentNode; errors: string[] } {
  let bySchema = parsed.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    parsed.set(schema, bySchema);
  }
  let hit = bySchema.get(query);
  if (!hit) {
    try {
      const doc = parse(query);
      hit = { doc, errors: validate(schema, doc).map((e) => e.message) };
    } catch (error) {
      hit = { errors: [(error as Error).message] };
    }
    bySchema.set(query, hit);
  }
  return hit;
}

/**
 * GitHub's GraphQL limits for a valid document: every connection needs `first` or `last`
 * (1–100, literal or from `variables`), and ≤ 500,000 nodes in all.
 * @returns the problems in GitHub's wording
 */
export function checkGraphqlLimits(
  schema: GraphQLSchema,
  doc: DocumentNode,
  vars: Record<string, unknown> = {},
): string[] {
  const intArg = (field: FieldNode, name: string): number | undefined => {
    const value: ValueNode | undefined = field.arguments?.find((a) => a.name.value === name)?.value;
    if (value?.kind === Kind.INT) return Number(value.value);
    if (value?.kind === Kind.VARIABLE) {
      const v = vars[value.name.value];
      return typeof v === "number" ? v : undefined;
    }
    return undefined;
  };
  const problems: string[] = [];
  const typeInfo = new TypeInfo(schema);
  const sizes: number[] = [1];
  let total = 0;
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(field) {
          const type = getNamedType(typeInfo.getType());
          if (!type?.name.endsWith("Connection")) return;
          const size = intArg(field, "first") ?? intArg(field, "last");
          const name = field.name.value;
          if (size === undefined) {
            problems.push(
              `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
            );
          } else if (size > GRAPHQL_LIMITS.perConnection || size < 0) {
            problems.push(
              `Requesting ${size} records on the \`${name}\` connection exceeds the limit of ${GRAPHQL_LIMITS.perConnection} records.`,
            );
          }
          const nodes = (sizes[sizes.length - 1] as number) * (size ?? GRAPHQL_LIMITS.perConnection);
          total += nodes;
          sizes.push(nodes);
        },
        leave(field) {
          if (getNamedType(typeInfo.getType())?.name.endsWith("Connection") && field) sizes.pop();
        },
      },
    }),
  );
  if (total > GRAPHQL_LIMITS.totalNodes) {
    problems.push(
      `This query requests up to ${total} nodes, over GitHub's limit of ${GRAPHQL_LIMITS.totalNodes}.`,
    );
  }
  return problems;
}
