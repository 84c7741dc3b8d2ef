import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

// What a Marketplace user relies on: the Actions refuse an unsuitable runner with a fix, every
// example pins a release tag, and releases are made the same way each time.
const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const ACTIONS = ["qa", "gate", "deploy", "load-test"];
type Step = { name?: string; shell?: string; run?: string; env?: Record<string, string> };
const steps = (name: string) =>
  (parse(read(`actions/${name}/action.yml`)) as { runs: { steps: Step[] } }).runs.steps;

const scratch = mkdtempSync(join(tmpdir(), "flightdeck-node-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** A folder whose `node` prints `version` for `node --version`, like an old runner's. */
function fakeNode(version: string): string {
  const dir = mkdtempSync(join(scratch, "bin-"));
  writeFileSync(join(dir, "node"), `#!/bin/sh\necho ${version}\n`);
  chmodSync(join(dir, "node"), 0o755);
  return dir;
}
async function runStep(script: string, path: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("/bin/bash", ["-e", "-c", script], {
      env: { PATH: path },
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe("each Action checks the runner's Node.js first", () => {
  for (const name of ACTIONS) {
    const check = steps(name)[0] as Step;

    it(`${name}: its first step is the Node.js check`, () => {
      expect(check.name).toBe("Check Node.js");
      expect(check.shell).toBe("bash");
    });

    it(`${name}: Node 18 or no node at all fails with the fix; Node 20+ passes`, async () => {
      const script = check.run as string;
      for (const path of [fakeNode("v18.20.4"), join(scratch, "empty")]) {
        const r = await runStep(script, path);
        expect(r.code).toBe(1);
        expect(r.out).toContain("::error title=Flightdeck needs Node.js 20 or later::");
        expect(r.out).toContain("actions/setup-node");
      }
      expect((await runStep(script, fakeNode("v18.20.4"))).out).toContain("This runner has v18.20.4");
      for (const version of ["v20.0.0", "v24.11.1"])
        expect((await runStep(script, fakeNode(version))).code).toBe(0);
      expect((await runStep(script, dirname(process.execPath))).code).toBe(0);
    });
  }
});

describe("each Action is a self-contained folder with Marketplace metadata", () => {
  for (const name of ACTIONS) {
    it(name, () => {
      const meta = parse(read(`actions/${name}/action.yml`)) as {
        name: string;
        description: string;
        author: string;
        branding: { icon: string; color: string };
        runs: { using: string; steps: Step[] };
      };
      expect(meta.name).toMatch(/^Flightdeck /);
      expect(meta.description.length).toBeGreaterThan(20);
      expect(meta.author).toBeTruthy();
      expect(meta.branding.icon).toBeTruthy();
      expect(meta.branding.color).toBeTruthy();
      expect(meta.runs.using).toBe("composite");
      // Scripts run only from the folder itself, so the folder can be published on its own.
      for (const step of meta.runs.steps)
        for (const path of (step.run ?? "").match(/\$GITHUB_ACTION_PATH\S*/g) ?? [])
          expect(path, name).toMatch(/^\$GITHUB_ACTION_PATH\/dist\//);
      expect(read(`actions/${name}/README.md`)).toContain("## Requirements and versions");
    });
  }
});

describe("examples and READMEs pin a release tag", () => {
  const files = [
    "README.md",
    ...readdirSync(join(root, "docs")).map((f) => `docs/${f}`),
    ...readdirSync(join(root, "examples/workflows")).map((f) => `examples/workflows/${f}`),
    ...ACTIONS.map((a) => `actions/${a}/README.md`),
  ];
  const uses = files.flatMap((f) =>
    [...read(f).matchAll(/uses:\s*(\S*\/actions\/[a-z-]+)(@\S+)?/g)].map((m) => ({
      file: f,
      ref: m[2] ?? "",
    })),
  );

  it("finds the Actions in the examples", () => {
    expect(uses.length).toBeGreaterThanOrEqual(8);
  });

  it("every use of a Flightdeck Action names a release (@v1 or @vX.Y.Z), never a branch", () => {
    for (const u of uses) expect(u.ref, u.file).toMatch(/^@v\d+(\.\d+\.\d+)?$/);
  });

  it("docs run the CLI through the package name nobody else owns", () => {
    const pkg = JSON.parse(read("package.json")) as { name: string; bin: Record<string, string> };
    expect(pkg.name).not.toBe("flightdeck");
    expect(Object.keys(pkg.bin)).toEqual(["flightdeck"]);
    for (const f of files) {
      for (const m of read(f).matchAll(/npx (\S+)/g))
        if (m[1]?.startsWith("flightdeck")) expect(m[1], f).toBe(pkg.name);
    }
  });
});

describe("release", () => {
  const wf = parse(read(".github/workflows/release.yml")) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: { release: { steps: Step[] } };
  };
  const step = (name: string) => wf.jobs.release.steps.find((s) => s.name === name)?.run ?? "";

  it("runs on vX.Y.Z tags, creates the release and moves the major tag", () => {
    expect(wf.on.push.tags).toEqual(["v*.*.*"]);
    expect(wf.permissions.contents).toBe("write");
    expect(step("Create the GitHub release")).toContain("gh release create");
    expect(step("Move the major tag")).toMatch(/git push --force origin "refs\/tags\/\$major"/);
  });

  it("takes the release notes from the version's CHANGELOG section", async () => {
    const changelog = [
      "# Changelog",
      "## [Unreleased]",
      "- next",
      "## [1.2.0] - 2026-12-01",
      "### Fixed",
      "- the thing",
      "## [1.1.0] - 2026-11-01",
      "- older",
      "[1.2.0]: https://example.org",
    ].join("\n");
    const dir = mkdtempSync(join(scratch, "release-"));
    writeFileSync(join(dir, "CHANGELOG.md"), changelog);
    const script = `cd ${dir}\n${step("Release notes from CHANGELOG.md")}\ncat "$RUNNER_TEMP/notes.md"`;
    const run = (tag: string) =>
      promisify(execFile)("/bin/bash", ["-e", "-c", script], {
        env: { PATH: "/usr/bin:/bin", TAG: tag, RUNNER_TEMP: dir },
      });
    expect((await run("v1.2.0")).stdout).toBe("### Fixed\n- the thing\n");
    await expect(run("v9.9.9")).rejects.toMatchObject({ stdout: expect.stringContaining("no section") });
  });

  it("ships an MIT LICENSE, a Keep a Changelog CHANGELOG and each bundle's third-party notices", () => {
    expect(read("LICENSE")).toMatch(/^MIT License/);
    expect((JSON.parse(read("package.json")) as { license: string }).license).toBe("MIT");
    expect(read("CHANGELOG.md")).toContain("## [Unreleased]");
    expect(read("CHANGELOG.md")).toContain("keepachangelog.com");
    for (const a of ACTIONS) {
      const notices = read(`actions/${a}/dist/THIRD-PARTY-NOTICES.txt`);
      expect(notices).toContain(`bundled in actions/${a}/dist/index.mjs`);
      expect(notices).toMatch(/@actions\/core \S+ — MIT\n\nThe MIT License/);
    }
  });
});
