// Bundles each Action's entry into actions/<name>/dist/index.mjs (committed: an Action runs
// without `npm install`), with the bundled packages' licence notices next to it in
// actions/<name>/dist/THIRD-PARTY-NOTICES.txt. `--check` rebuilds in memory and fails when a
// committed bundle or notices file is stale.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { thirdPartyNotices } from "./bundle-licenses.mjs";

export const ACTIONS = {
  qa: "src/actions/qa-entry.ts",
  gate: "src/actions/gate-entry.ts",
  deploy: "src/actions/deploy-entry.ts",
  "load-test": "src/actions/load-test-entry.ts",
  watch: "src/actions/watch-entry.ts",
  standup: "src/actions/standup-entry.ts",
  doctor: "src/actions/doctor-entry.ts",
};

/** The bundle's code and its third-party notices, as committed under actions/<name>/dist. */
export async function bundle(entry, out) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    // The notices file replaces the packages' inline legal comments (minified away).
    legalComments: "none",
    metafile: true,
    minify: true,
    keepNames: true,
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: 'import { createRequire as __flightdeckRequire } from "node:module";\nconst require = __flightdeckRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  return { code: result.outputFiles[0].text, notices: thirdPartyNotices(out, result.metafile) };
}

const check = process.argv.includes("--check");
let stale = 0;
for (const [name, entry] of Object.entries(ACTIONS)) {
  const out = `actions/${name}/dist/index.mjs`;
  const { code, notices } = await bundle(entry, out);
  const files = { [out]: code, [`actions/${name}/dist/THIRD-PARTY-NOTICES.txt`]: notices };
  for (const [path, text] of Object.entries(files)) {
    if (check) {
      let committed = "";
      try {
        committed = readFileSync(path, "utf8");
      } catch {}
      if (committed !== text) {
        console.error(`${path} is out of date: run npm run build:actions and commit it`);
        stale++;
      }
    } else {
      mkdirSync(`actions/${name}/dist`, { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote ${path} (${(text.length / 1024).toFixed(0)} KiB)`);
    }
  }
}
process.exitCode = stale ? 1 : 0;
