// Writes docs/configuration.md from the config's JSON Schema (itself generated from the zod
// schema by `npm run schema`). A test fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import { configReference } from "../src/config/docs.js";
import { configJsonSchema } from "../src/config/json-schema.js";

const out = new URL("../docs/configuration.md", import.meta.url);
writeFileSync(out, configReference(JSON.parse(configJsonSchema())));
console.log(`wrote ${out.pathname}`);
