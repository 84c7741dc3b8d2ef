import { z } from "zod";
import { Config } from "./schema.js";

/**
 * The JSON Schema of `.github/flightdeck.yml`, generated from the zod schema (editors use it for
 * completion and validation: `# yaml-language-server: $schema=…`). Input side: defaults optional.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(Config, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, $id: "https://flightdeck.dev/schema/flightdeck.schema.json", title: "Flightdeck configuration (.github/flightdeck.yml)" }, null, 2)}\n`;
}
