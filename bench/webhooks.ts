// npm run bench:webhooks — webhook acknowledgement: raw Probot with a no-op app vs Flightdeck
// (embedded queue, and Redis queue), each its own process, against a fake GitHub on 127.0.0.1
// answering in 100 ms, Probot's throttle on. Signed realistic deliveries (a fresh
// X-GitHub-Delivery each) of four kinds at 1, 10 and 50 connections: deliveries/s and p50/p99
// acknowledgement latency; then the peak RSS of a 20,000-delivery synchronize burst (20 pull
// requests). Targets: ≥ 50 % of raw Probot's deliveries/s, p99 < 50 ms at 10 connections,
// peak RSS < 300 MB. BENCH_SECONDS (default 2) per run; every run is bounded.
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import nock from "nock";
import { type AppProcess, startApp, WEBHOOK_SECRET } from "../test/support/app-processes.js";
import { FakeGitHub } from "../test/support/fake-github.js";
import { serveGitHubHttp } from "../test/support/github-http.js";
import { fixtureEpicPath } from "../test/support/paths.js";
import { checkRunEvent, prEvent } from "../test/support/pr-webhooks.js";
import { freePort, startRedis } from "../test/support/redis.js";
import { commentCreated, issuesLabeled, WORLD } from "../test/support/webhooks.js";

nock.enableNetConnect();
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const installation = { installation: { id: 7, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNw==" } };

// The world of the app tests (test/support/epic-world.ts), without vitest.
const fake = new FakeGitHub();
const epicBody = readFileSync(fixtureEpicPath("usage-billing.md"), "utf8");
const epicIssue = fake.addIssue("Epic: Usage-based billing", epicBody, "mona");
for (const login of ["alice", "bob", "quinn"]) fake.addUser(login, "write");
fake.addUser(WORLD.maintainer, "admin");
fake.files.set(".github/flightdeck.yml", "team:\n  backend: [alice, bob]\n  qa: [quinn]\n");
for (let i = 0; i < 20; i++) fake.addPull(`${"a".repeat(39)}${i % 10}`, "dana");
const github = await serveGitHubHttp(fake, { latencyMs: 100 });
const redis = await startRedis();

const epic = { number: epicIssue.number, body: epicBody, labels: ["epic"] };
const pr = (n: number) => ({
  number: n,
  headSha: `${"b".repeat(38)}${String(n).padStart(2, "0")}`,
  author: "dana",
});
const KINDS: Array<[string, string, unknown]> = [
  ["issues.labeled (epic)", "issues", issuesLabeled({ ...epic, labels: [] }, "epic", WORLD.maintainer)],
  [
    "issue_comment.created (/flightdeck apply)",
    "issue_comment",
    commentCreated(epic, "/flightdeck apply", WORLD.maintainer),
  ],
  ["pull_request.synchronize", "pull_request", prEvent("synchronize", pr(1), "dana", "c".repeat(40))],
  ["check_run.completed", "check_run", checkRunEvent("completed", "Flightdeck QA", pr(1))],
];

function signed(event: string, payload: unknown) {
  const body = JSON.stringify({ ...(payload as object), ...installation });
  const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
  return {
    method: "POST" as const,
    path: "/api/github/webhooks",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-hub-signature-256": signature,
    },
    body,
  };
}

async function cannon(
  port: number,
  requests: ReturnType<typeof signed>[],
  connections: number,
  amount?: number,
) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    ...(amount ? { amount } : { duration: SECONDS }),
    timeout: 20,
    requests: requests.map((r) => ({
      ...r,
      setupRequest: (req: autocannon.Request) => ({
        ...req,
        headers: { ...req.headers, "x-github-delivery": randomUUID() },
      }),
    })),
  });
  return result;
}

async function startProbot(): Promise<AppProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "bench/probot-noop.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      WEBHOOK_SECRET,
      APP_ID: "1",
      PRIVATE_KEY: "unused",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on("data", () => resolve());
    proc.once("exit", (code) => reject(new Error(`raw Probot exited (${code})`)));
  });
  return {
    proc,
    port,
    output: () => "",
    kill: () =>
      new Promise((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGKILL");
      }),
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const quiet = { LOG_LEVEL: "warn" };
const apps: Array<[string, () => Promise<AppProcess>]> = [
  ["raw Probot (no-op)", startProbot],
  ["Flightdeck (embedded)", () => startApp("server", github.host, "", { ...quiet, REDIS_URL: "" })],
  ["Flightdeck (Redis)", () => startApp("server", github.host, redis.url, quiet)],
];
const rows: string[] = [];
const reference = new Map<string, number>();
const burst = Array.from({ length: 20 }, (_, i) =>
  signed("pull_request", prEvent("synchronize", pr(i + 1), "dana", "c".repeat(40))),
);
for (const [name, start] of apps) {
  const app = await start();
  for (const [kind, event, payload] of KINDS) {
    for (const connections of [1, 10, 50]) {
      const r = await cannon(app.port as number, [signed(event, payload)], connections);
      const rps = r.requests.average;
      const key = `${kind}@${connections}`;
      if (name.startsWith("raw")) reference.set(key, rps);
      const share = reference.get(key)
        ? ` (${Math.round((100 * rps) / (reference.get(key) as number))} %)`
        : "";
      const bad = r.non2xx + r.errors + r.timeouts;
      rows.push(
        `${name.padEnd(22)} ${kind.padEnd(42)} c=${String(connections).padEnd(3)} ${rps.toFixed(0).padStart(6)}/s${share.padEnd(8)} p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms${bad ? `  (${bad} failed)` : ""}`,
      );
      console.log(rows.at(-1));
    }
  }
  if (!name.startsWith("raw")) {
    let peak = rssMb(app.proc.pid as number);
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(app.proc.pid as number));
    }, 50);
    const started = performance.now();
    await cannon(app.port as number, burst, 50, 20_000);
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2_000)); // jobs draining after the acks
    clearInterval(sampler);
    console.log(
      `${name}: 20,000-delivery burst acknowledged in ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB (target < 300 MB)`,
    );
  }
  await app.kill();
}
await github.close();
await redis.stop();
process.exit(0);
