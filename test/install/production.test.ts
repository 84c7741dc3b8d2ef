import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// A production install (`npm ci --omit=dev`, as in the Dockerfile's runtime stage) has only
// `dependencies` and the prebuilt dist/. These checks keep it working without running npm here.
const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}
/** Package names a file loads at run time (type-only imports are erased by tsc). */
function runtimeImports(text: string): string[] {
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\bfrom\s+"([^"]+)"/gms)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+"([^"]+)"/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]),
  ] as string[];
  return specifiers
    .filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !builtinModules.includes(s))
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : (s.split("/")[0] as string)));
}

describe("production install", () => {
  it("the app, worker and CLI load only dependencies, never devDependencies", () => {
    // src/actions is bundled into actions/*/dist by esbuild, so it may use build-time packages.
    const files = sources(join(root, "src")).filter((f) => !f.includes("/src/actions/"));
    const seen = new Set<string>();
    for (const file of files) {
      for (const name of runtimeImports(readFileSync(file, "utf8"))) {
        seen.add(name);
        expect(Object.keys(pkg.dependencies), `${file.slice(root.length)} imports ${name}`).toContain(name);
      }
    }
    expect([...seen]).toEqual(expect.arrayContaining(["probot", "zod", "commander"]));
  });

  it("start runs the built server without a compile step; the bin is built output", () => {
    expect(pkg.scripts.start).toBe("node dist/server.js");
    expect(pkg.bin.flightdeck).toMatch(/^dist\//);
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "app.yml"]));
  });

  it("prepare compiles when TypeScript is installed and steps aside when it is not", async () => {
    expect(pkg.scripts.prepare).toBe("node scripts/prepare.mjs");
    expect(Object.keys(pkg.devDependencies)).toContain("typescript");
    // A folder like the runtime stage: package files and the script, no node_modules.
    const dir = mkdtempSync(join(tmpdir(), "flightdeck-prod-"));
    try {
      mkdirSync(join(dir, "scripts"));
      copyFileSync(join(root, "scripts/prepare.mjs"), join(dir, "scripts/prepare.mjs"));
      copyFileSync(join(root, "package.json"), join(dir, "package.json"));
      const { stdout } = await promisify(execFile)("node", ["scripts/prepare.mjs"], { cwd: dir });
      expect(stdout).toContain("TypeScript is not installed (production install); using the prebuilt dist/.");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
