// Writes schema/flightdeck.schema.json from the zod config schema (the single source of truth).
// A test fails when the committed file is stale: run `npm run schema` after changing the schema.
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../src/config/json-schema.js";

const out = new URL("../schema/flightdeck.schema.json", import.meta.url);
writeFileSync(out, configJsonSchema());
console.log(`wrote ${out.pathname}`);
