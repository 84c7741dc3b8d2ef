// `prepare` (run by `npm ci`/`npm install` in this folder and by git installs): compile src/ to
// dist/ when TypeScript is installed. A production install (`npm ci --omit=dev`) has no
// TypeScript and ships dist/ prebuilt (the container's build stage, or the published package),
// so it skips the build instead of failing on a missing `tsc`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  console.log("prepare: TypeScript is not installed (production install); using the prebuilt dist/.");
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { stdio: "inherit" });
process.exit(result.status ?? 1);
