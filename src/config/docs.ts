import { SCHEMA_MODELINE } from "./json-schema.js";

/** The parts of a JSON Schema node the reference reads (as `z.toJSONSchema` writes them). */
interface Node {
  type?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  propertyNames?: Node;
  items?: Node;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  anyOf?: Node[];
}

interface Row {
  key: string;
  type: string;
  description: string;
}

/**
 * `docs/configuration.md`, generated from the config's JSON Schema (`npm run docs:config`): one
 * table per top-level section with every key's dotted path, type and description (units,
 * default, example — from the zod `.describe()` texts). Maps are shown with a placeholder key
 * (`gates.deployments.<environment>.qa`), list items with `[]`.
 *
 * @param schema the parsed `schema/flightdeck.schema.json`
 */
export function configReference(schema: Node): string {
  const out = [
    "<!-- Generated from schema/flightdeck.schema.json by `npm run docs:config`; do not edit by hand. -->",
    "# Configuration reference",
    "",
    `${schema.description ?? ""} A missing file, an empty file and a missing key all mean the defaults; an unknown or misspelled key is an error that names the file, line and key, so a typo never silently turns a check off. Keys are camelCase.`,
    "",
    "Editors that use the YAML language server (VS Code's YAML extension, and others) complete and check the file when its first line names the schema:",
    "",
    "```yaml",
    SCHEMA_MODELINE,
    "trigger:",
    "  label: epic",
    "```",
    "",
  ];
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    out.push(`## \`${name}\``, "", node.description ?? "", "");
    out.push("| Key | Type | Description |", "|---|---|---|");
    const all = rows(name, node);
    // A section's own row repeats the text above its table; keep it only when it is the only one.
    for (const row of all.length > 1 ? all.slice(1) : all)
      out.push(`| \`${row.key}\` | ${row.type} | ${cell(row.description)} |`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function rows(path: string, node: Node): Row[] {
  const item = node.type === "array" && !node.items?.properties ? node.items?.description : undefined;
  const description = [node.description, item && `Each item: ${item}`].filter(Boolean).join(" ");
  const here: Row = { key: path, type: typeOf(node), description };
  if (node.type === "object" && node.properties) {
    const children = Object.entries(node.properties).flatMap(([k, child]) => rows(`${path}.${k}`, child));
    return [here, ...children];
  }
  const value = typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
  if (node.type === "object" && value?.properties) {
    const placeholder = path.endsWith("deployments") ? "<environment>" : "<name>";
    return [here, ...rows(`${path}.${placeholder}`, value).slice(1)];
  }
  if (node.type === "array" && node.items?.properties) {
    return [here, ...rows(`${path}[]`, node.items).slice(1)];
  }
  return [here];
}

function typeOf(node: Node): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (node.type === "array") return `list of ${node.items ? typeOf(node.items) : "values"}`;
  if (node.type === "object") {
    const value = typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
    if (value) {
      const keys = node.propertyNames?.enum ? typeOf(node.propertyNames) : "name";
      return `map: ${keys} → ${value.properties ? "object" : typeOf(value)}`;
    }
    return "object";
  }
  if (node.type === "integer" || node.type === "number") {
    const bounds = [
      node.minimum !== undefined ? `≥ ${node.minimum}` : "",
      node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : "",
      node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${node.maximum}` : "",
    ].filter(Boolean);
    return `${node.type === "integer" ? "whole number" : "number"}${bounds.length ? ` (${bounds.join(", ")})` : ""}`;
  }
  return node.type ?? "value";
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}
