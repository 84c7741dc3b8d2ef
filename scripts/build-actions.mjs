// Bundles each Action's entry into actions/<name>/dist/index.mjs (committed: an Action runs
// without `npm install`). `--check` rebuilds in memory and fails when a committed bundle is stale.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

export const ACTIONS = {
  qa: "src/actions/qa-entry.ts",
  gate: "src/actions/gate-entry.ts",
  deploy: "src/actions/deploy-entry.ts",
  "load-test": "src/actions/load-test-entry.ts",
  watch: "src/actions/watch-entry.ts",
};

export async function bundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    legalComments: "none",
    minify: true,
    keepNames: true,
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: 'import { createRequire as __flightdeckRequire } from "node:module";\nconst require = __flightdeckRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

const check = process.argv.includes("--check");
let stale = 0;
for (const [name, entry] of Object.entries(ACTIONS)) {
  const code = await bundle(entry);
  const out = `actions/${name}/dist/index.mjs`;
  if (check) {
    let committed = "";
    try {
      committed = readFileSync(out, "utf8");
    } catch {}
    if (committed !== code) {
      console.error(`${out} is out of date: run npm run build:actions and commit it`);
      stale++;
    }
  } else {
    mkdirSync(`actions/${name}/dist`, { recursive: true });
    writeFileSync(out, code);
    console.log(`wrote ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
  }
}
process.exitCode = stale ? 1 : 0;
