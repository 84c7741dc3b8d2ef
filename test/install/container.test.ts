import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The container files are checked as text (Docker is not available to the tests): the essentials
// a reviewer would look for, and agreement between compose.yaml, .env.example and the code.
const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const dockerfile = read("Dockerfile");
const pkg = JSON.parse(read("package.json")) as { engines: { node: string } };

/** Dockerfile instructions with their arguments, continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [op = "", ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}
const steps = instructions(dockerfile);
const stages = steps.reduce<Array<Array<{ op: string; args: string }>>>((acc, s) => {
  if (s.op === "FROM") acc.push([]);
  acc.at(-1)?.push(s);
  return acc;
}, []);
const runtime = stages.at(-1) ?? [];

describe("Dockerfile", () => {
  const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? "";

  it("pins the base image to an exact Node release that package.json's engines allow", () => {
    expect(image).toMatch(/^node:\d+\.\d+\.\d+-(bookworm|trixie)-slim$/);
    const major = Number(/^node:(\d+)/.exec(image)?.[1]);
    expect(major).toBeGreaterThanOrEqual(Number(/>=(\d+)/.exec(pkg.engines.node)?.[1]));
    for (const from of steps.filter((s) => s.op === "FROM"))
      expect(from.args).toMatch(/^\$\{NODE_IMAGE\} AS \w+$/);
  });

  it("is multi-stage: the build stage compiles, the runtime stage copies dist/ from it", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]?.some((s) => s.op === "RUN" && /npm ci\b/.test(s.args))).toBe(true);
    expect(stages[0]?.some((s) => s.op === "RUN" && /npm run build/.test(s.args))).toBe(true);
    expect(runtime.some((s) => s.op === "COPY" && /--from=build \S*dist/.test(s.args))).toBe(true);
  });

  it("installs production dependencies from the lockfile (npm ci --omit=dev, never npm install)", () => {
    expect(runtime.some((s) => s.op === "COPY" && s.args.includes("package-lock.json"))).toBe(true);
    expect(runtime.some((s) => s.op === "RUN" && /npm ci --omit=dev\b/.test(s.args))).toBe(true);
    expect(steps.some((s) => s.op === "RUN" && /npm (install|i)\b/.test(s.args))).toBe(false);
  });

  it("runs as a non-root user", () => {
    const users = runtime.filter((s) => s.op === "USER").map((s) => s.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const lastUser = runtime.findLastIndex((s) => s.op === "USER");
    const cmd = runtime.findIndex((s) => s.op === "CMD");
    expect(lastUser).toBeLessThan(cmd);
  });

  it("has a HEALTHCHECK on GET /healthz and starts the webhook receiver on 0.0.0.0", () => {
    const health = runtime.find((s) => s.op === "HEALTHCHECK");
    expect(health?.args).toMatch(/CMD .*\/healthz/);
    expect(runtime.find((s) => s.op === "CMD")?.args).toBe('["node", "dist/server.js"]');
    expect(runtime.find((s) => s.op === "ENV")?.args).toMatch(/HOST=0\.0\.0\.0/);
    expect(existsSync(join(root, "src/server.ts"))).toBe(true);
  });

  it(".dockerignore keeps secrets and local installs out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of [".env", "*.pem", "node_modules", "dist", ".git"]) expect(ignored).toContain(entry);
  });
});

type Service = {
  command?: string[];
  image?: string;
  env_file?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, unknown>;
};
const compose = parse(read("compose.yaml"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe("compose.yaml", () => {
  const { app, worker, redis } = compose.services;

  it("runs the webhook receiver, a worker and Redis with the names the code uses", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "redis", "worker"]);
    expect(app?.command).toEqual(["node", "dist/server.js"]);
    expect(worker?.command).toEqual(["node", "dist/worker.js"]);
    expect(app?.environment?.FLIGHTDECK_WORKERS).toBe("0");
  });

  it("points both at the same Redis, and keeps Redis's data on a volume", () => {
    expect(app?.environment?.REDIS_URL).toBe("redis://redis:6379");
    expect(worker?.environment?.REDIS_URL).toBe("redis://redis:6379");
    for (const s of [app, worker]) expect(Object.keys(s?.depends_on ?? {})).toContain("redis");
    const volume = redis?.volumes?.[0]?.split(":")[0] ?? "";
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(redis?.image).toMatch(/^redis:\d+\.\d+/);
  });

  it("gives the app and the worker their secrets from .env, not from the file", () => {
    for (const s of [app, worker]) {
      expect(s?.env_file).toBe(".env");
      for (const key of Object.keys(s?.environment ?? {})) expect(key).not.toMatch(/KEY|SECRET|TOKEN/);
    }
  });
});

/** Every file under a folder whose name ends with `ext`. */
function sources(dir: string, ext = ".ts"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}
// `env.NAME`, `env["NAME"]`, and helpers called as `positive(env, "NAME")`.
const ENV_READ = /env(?:\.([A-Z][A-Z0-9_]+)|\[["']([A-Z][A-Z0-9_]+)["']\]|,\s*["']([A-Z][A-Z0-9_]+)["'])/g;
/** Variables the app and worker read (the CLI and the Actions take theirs from their own docs). */
function readByApp(): Set<string> {
  const files = sources(join(root, "src")).filter((f) => !/\/src\/(cli|actions)\//.test(f));
  return new Set(
    files.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(ENV_READ)].map((m) => m[1] ?? m[2] ?? m[3] ?? ""),
    ),
  );
}
/** Probot's own environment (read-env-options, the manifest flow, get-private-key). */
function probotSource(): string {
  const dirs = ["node_modules/probot/lib", "node_modules/@probot/get-private-key/dist-src"];
  return dirs
    .flatMap((d) => sources(join(root, d), ".js"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}
function documented(): Map<string, string> {
  const lines = read(".env.example").split("\n");
  const vars = new Map<string, string>();
  lines.forEach((line, i) => {
    const m = /^(?:# )?([A-Z][A-Z0-9_]+)=/.exec(line);
    if (m) vars.set(m[1] as string, lines[i - 1] ?? "");
  });
  return vars;
}

describe(".env.example", () => {
  // Variables documented ahead of the code that reads them (none today).
  const PENDING = new Set<string>();

  it("lists every variable the app reads", () => {
    const vars = documented();
    for (const name of readByApp()) expect([...vars.keys()], name).toContain(name);
  });

  it("lists only variables that Flightdeck or Probot read, each after a comment", () => {
    const app = readByApp();
    const probot = probotSource();
    for (const [name, comment] of documented()) {
      expect(comment, `${name} has a comment`).toMatch(/^#/);
      const known = app.has(name) || PENDING.has(name) || new RegExp(`\\b${name}\\b`).test(probot);
      expect(known, `${name} is read by nothing`).toBe(true);
    }
  });

  it("covers the App's credentials and the compose file's variables", () => {
    const vars = [...documented().keys()];
    for (const name of ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "WEBHOOK_PROXY_URL"])
      expect(vars).toContain(name);
    for (const s of Object.values(compose.services))
      for (const name of Object.keys(s.environment ?? {})) expect(vars).toContain(name);
  });
});

describe("deployment docs", () => {
  it("the README links the deploy and required-checks guides, and they name the container files", () => {
    const readme = read("README.md");
    for (const doc of ["docs/deploy.md", "docs/required-checks.md"]) {
      expect(readme).toContain(`](${doc})`);
      expect(existsSync(join(root, doc))).toBe(true);
    }
    const deploy = read("docs/deploy.md");
    for (const name of [
      "Dockerfile",
      "compose.yaml",
      ".env.example",
      "/healthz",
      "/metrics",
      "--scale worker",
    ])
      expect(deploy).toContain(name);
  });
});
