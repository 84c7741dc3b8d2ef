import { type X2jOptions, XMLParser, XMLValidator } from "fast-xml-parser";
import { QaInputError } from "./errors.js";

export type XmlNode = Record<string, unknown>;

/**
 * An XML parser for reports: attributes prefixed `@_` (node:test writes a `failure` attribute
 * *and* a <failure> element on one test case), values kept as text, the elements in `arrays`
 * always arrays. Entities are expanded within fast-xml-parser's limits (1,000 declared
 * entities of ≤ 10,000 characters each), so an entity bomb is refused, not expanded.
 */
export function reportParser(arrays: string[]): XMLParser {
  const set = new Set(arrays);
  const options: Partial<X2jOptions> = {
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    textNodeName: "#text",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: { enabled: true, maxEntityCount: 1000, maxEntitySize: 10_000 },
    htmlEntities: true,
    isArray: (name) => set.has(name),
  };
  return new XMLParser(options);
}

/**
 * Checks and parses an XML report.
 * @throws QaInputError naming the file: empty, not well-formed (with line and column), or
 *   refused by the parser (entity limits, nesting depth) with the parser's reason
 */
export function parseXml(text: string, file: string, parser: XMLParser): XmlNode {
  if (!text.trim()) throw new QaInputError(file, "the file is empty");
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new QaInputError(
      file,
      `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  }
  try {
    return parser.parse(text) as XmlNode;
  } catch (error) {
    throw new QaInputError(file, `the XML cannot be read safely: ${(error as Error).message}`);
  }
}

/** An attribute's text (`@_name`). */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  return text(node?.[`@_${name}`]);
}

/** A node's text: a string, a number, or an element's `#text`. */
export function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && "#text" in v) return text((v as XmlNode)["#text"]);
  return undefined;
}

/** Child elements as an array (absent → []). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((c) => (typeof c === "object" && c !== null ? (c as XmlNode) : { "#text": c }));
}
