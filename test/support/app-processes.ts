import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { build } from "esbuild";
import { freePort } from "./redis.js";

export const WEBHOOK_SECRET = "instances-secret";
/** The App's private key the started processes authenticate with (a fresh RSA key per run). */
export const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const OUT_DIR = "node_modules/.cache/flightdeck-processes";
let built: Promise<unknown> | undefined;

/** Bundles the entries once (esbuild, dependencies external): tsx would transpile per process. */
function buildEntries(): Promise<unknown> {
  built ??= build({
    // plan-thread: the planner's worker thread, found next to the entry that starts it.
    entryPoints: ["src/server.ts", "src/worker.ts", "src/plan-thread.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outdir: OUT_DIR,
    logLevel: "warning",
  });
  return built;
}

/** A Flightdeck process (`src/server.ts` or `src/worker.ts`, bundled) against a fake GitHub and Redis. */
export interface AppProcess {
  proc: ChildProcess;
  port?: number;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * Starts `entry` with the App's environment (APP_ID 4242, a fresh private key, the webhook
 * secret, GHE_HOST pointing at the fake, REDIS_URL) plus `env`; resolves once it serves
 * `/healthz` (server) or says it started (worker). Bounded: rejects after 60 s.
 * @param options.healthy false: a server is up once it answers at all (Redis may be down)
 * @param options.nodeArgs flags for node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses)
 */
export async function startApp(
  entry: "server" | "worker",
  githubHost: string,
  redisUrl: string,
  env: Record<string, string> = {},
  options: { healthy?: boolean; nodeArgs?: string[] } = {},
): Promise<AppProcess> {
  await buildEntries();
  const port = entry === "server" ? await freePort() : undefined;
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), `${OUT_DIR}/${entry}.js`], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ID: "4242",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET,
      GHE_HOST: githubHost,
      GHE_PROTOCOL: "http",
      REDIS_URL: redisUrl,
      LOG_LEVEL: "info",
      HOST: "127.0.0.1",
      FLIGHTDECK_LEASE_MS: "1000",
      ...(port ? { PORT: String(port) } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  proc.stderr?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${entry} exited (${proc.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not start within 60 s:\n${out}`);
    if (entry === "worker" && out.includes("Flightdeck worker started")) break;
    if (
      port &&
      (await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok || options.healthy === false,
        () => false,
      ))
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    ...(port ? { port } : {}),
    output: () => out,
    kill: (signal = "SIGKILL") =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode) return resolve();
        proc.once("exit", () => resolve());
        proc.kill(signal);
      }),
  };
}

/** Delivers a signed webhook (as GitHub does) to a server process; resolves with the HTTP status. */
export async function deliver(
  app: AppProcess,
  event: string,
  payload: unknown,
  id: string = randomUUID(),
): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
  const res = await fetch(`http://127.0.0.1:${app.port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}
