import { z } from "zod";
import { Config } from "./schema.js";

/**
 * Where editors fetch the schema: the committed file on the default branch. Config files point
 * at it with `# yaml-language-server: $schema=<SCHEMA_URL>` (the YAML language server's
 * modeline, read by VS Code's YAML extension and other editors using it).
 */
export const SCHEMA_URL =
  "https://raw.githubusercontent.com/your-org/flightdeck/main/schema/flightdeck.schema.json";

/** The first line of an example config: tells the editor which schema to use. */
export const SCHEMA_MODELINE = `# yaml-language-server: $schema=${SCHEMA_URL}`;

/**
 * The JSON Schema of `.github/flightdeck.yml`, generated from the zod schema (editors use it for
 * completion and validation: `# yaml-language-server: $schema=…`). Input side: defaults optional.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(Config, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, $id: SCHEMA_URL, title: "Flightdeck configuration (.github/flightdeck.yml)" }, null, 2)}\n`;
}
