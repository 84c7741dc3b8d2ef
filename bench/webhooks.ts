// npm run bench:webhooks — webhook acknowledgement: raw Probot with a no-op app vs Flightdeck
// (embedded queue; Redis queue with a receiver-only server and a worker process), each its own
// process, against a fake GitHub in another process on 127.0.0.1 answering in 100 ms, Probot's
// throttle on, every app authenticated as a GitHub App. Signed realistic deliveries (a fresh
// X-GitHub-Delivery each) of four kinds at 1, 10 and 50 connections — every app measured back to
// back for each — deliveries/s and p50/p99 acknowledgement latency; then the peak RSS of a
// 20,000-delivery synchronize burst (20 pull requests). Targets, each printed PASS/FAIL:
// Flightdeck ≥ 50 % of raw Probot's deliveries/s for every kind (the best of the three
// connection counts, in this run), p99 < 50 ms at 10 connections, peak RSS < 300 MB.
// BENCH_SECONDS (default 2) per run; every run is bounded. BENCH_APPS=embedded,redis picks the
// Flightdeck modes (raw Probot always runs: it is the reference). The machine's load is printed:
// the ratios compare processes measured seconds apart on the same machine.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import autocannon from "autocannon";
import { type AppProcess, privateKey, startApp, WEBHOOK_SECRET } from "../test/support/app-processes.js";
import { checkRunEvent, prEvent } from "../test/support/pr-webhooks.js";
import { freePort, startRedis } from "../test/support/redis.js";
import { commentCreated, issuesLabeled, WORLD } from "../test/support/webhooks.js";
import { webhooksWorld } from "./webhooks-world.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const BURST = 20_000;
const installation = { installation: { id: 7, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNw==" } };
const started = performance.now();
const load = () => loadavg()[0]?.toFixed(1);
console.log(`machine: ${availableParallelism()} cores, load average ${load()} at the start`);

/** Spawns a bench helper script and waits for its first line on stdout. */
async function spawnScript(script: string, env: Record<string, string>): Promise<[ChildProcess, string]> {
  const proc = spawn(process.execPath, ["--import", "tsx", script], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    proc.stdout?.once("data", (c: Buffer) => resolve(c.toString().trim()));
    proc.once("exit", (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return [proc, line];
}

const [fakeProc, fakeLine] = await spawnScript("bench/fake-github-process.ts", {});
const githubHost = fakeLine.split(" ").at(-1) as string;
const redis = await startRedis();
/** Processes to end however the bench ends (a failed start must not leave them running). */
const children: Array<{ kill(): unknown }> = [{ kill: () => fakeProc.kill("SIGKILL") }, { kill: redis.stop }];
process.on("exit", () => {
  for (const child of children) child.kill();
});

const { epic } = webhooksWorld();
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
const CONNECTIONS = [1, 10, 50];

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
  return autocannon({
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
}

async function startProbot(): Promise<AppProcess> {
  const port = await freePort();
  const [proc] = await spawnScript("bench/probot-noop.ts", {
    PORT: String(port),
    WEBHOOK_SECRET,
    APP_ID: "4242",
    PRIVATE_KEY: privateKey,
    GHE_HOST: githubHost,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "warn",
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

/** CPU time the process has used (user + system, all threads), in ms (/proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const quiet = { LOG_LEVEL: "warn" };
const apps: Array<[string, () => Promise<AppProcess & { companions?: () => number[] }>]> = [
  ["raw Probot (no-op)", startProbot],
  ["Flightdeck (embedded)", () => startApp("server", githubHost, "", { ...quiet, REDIS_URL: "" })],
  // The Redis mode as deployed for load: a receiver that runs no jobs, and a worker process.
  [
    "Flightdeck (Redis)",
    async () => {
      // At info: the worker says it started (and logs each job, as in production).
      const worker = await startApp("worker", githubHost, redis.url, { LOG_LEVEL: "info" });
      children.push(worker);
      const receiver = await startApp("server", githubHost, redis.url, { ...quiet, FLIGHTDECK_WORKERS: "0" });
      return {
        ...receiver,
        // The receiver's jobs cost CPU in the worker and in Redis too.
        companions: () => [worker.proc.pid as number, redis.pid() as number],
        kill: async () => {
          console.log(
            `  (the worker process used ${(cpuMs(worker.proc.pid as number) / 1000).toFixed(1)} s of CPU)`,
          );
          await Promise.all([receiver.kill(), worker.kill()]);
        },
      };
    },
  ],
];
const wanted = (process.env.BENCH_APPS ?? "embedded,redis").split(",");
const chosen = apps.filter(
  ([name], i) => i === 0 || wanted.some((w) => name.toLowerCase().includes(w.trim())),
);
/** Deliveries/s, p99 and CPU per delivery per app, kind and connection count. */
const figures = new Map<string, { rps: number; p99: number; cpu: number }>();
const verdicts: string[] = [];
const verdict = (ok: boolean, text: string) => verdicts.push(`${ok ? "PASS" : "FAIL"}  ${text}`);
const burst = Array.from({ length: 20 }, (_, i) =>
  signed("pull_request", prEvent("synchronize", pr(i + 1), "dana", "c".repeat(40))),
);
type BenchApp = AppProcess & { companions?: () => number[] };
const running: Array<[string, BenchApp]> = [];
for (const [name, start] of chosen) {
  const app = await start();
  children.push(app);
  running.push([name, app]);
  // Warm-up: the first deliveries of each kind load code paths and open connections.
  for (const [, event, payload] of KINDS) await cannon(app.port as number, [signed(event, payload)], 10, 500);
}
const rawName = apps[0]?.[0] as string;
// Every app measured back to back for each kind and connection count (all started above), so
// the machine's load, which drifts over minutes on a shared machine, weighs on each alike.
for (const [kind, event, payload] of KINDS) {
  for (const connections of CONNECTIONS) {
    for (const [name, app] of running) {
      await new Promise((resolve) => setTimeout(resolve, 500)); // the previous run's jobs settle
      const pids = [app.proc.pid as number, ...(app.companions?.() ?? [])];
      const cpu0 = cpuMs(app.proc.pid as number);
      const all0 = pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
      const r = await cannon(app.port as number, [signed(event, payload)], connections);
      const all = (pids.reduce((sum, pid) => sum + cpuMs(pid), 0) - all0) / Math.max(1, r.requests.total);
      // CPU per delivery (jobs and planner thread included): steadier than deliveries/s when
      // other work shares the machine, since it does not count time spent waiting for a core.
      const cpu = (cpuMs(app.proc.pid as number) - cpu0) / Math.max(1, r.requests.total);
      const rps = r.requests.average;
      figures.set(`${name}|${kind}|${connections}`, { rps, p99: r.latency.p99, cpu });
      const ref = figures.get(`${rawName}|${kind}|${connections}`)?.rps;
      const share = ref ? ` (${Math.round((100 * rps) / ref)} %)` : "";
      const bad = r.non2xx + r.errors + r.timeouts;
      console.log(
        `${name.padEnd(22)} ${kind.padEnd(42)} c=${String(connections).padEnd(3)} ${rps.toFixed(0).padStart(6)}/s${share.padEnd(8)} p50 ${r.latency.p50} ms  p99 ${String(r.latency.p99).padStart(4)} ms  cpu ${cpu.toFixed(2)} ms/delivery${pids.length > 1 ? ` (${all.toFixed(2)} with worker and Redis)` : ""}${bad ? `  (${bad} failed)` : ""}`,
      );
    }
  }
}
for (const [name, app] of running) {
  if (!name.startsWith("raw")) {
    for (const [kind] of KINDS) {
      const best = (app: string) =>
        Math.max(...CONNECTIONS.map((c) => figures.get(`${app}|${kind}|${c}`)?.rps ?? 0));
      const share = best(name) / Math.max(1, best(rawName));
      verdict(
        share >= 0.5,
        `${name}: ${kind} at ${Math.round(100 * share)} % of raw Probot's deliveries/s (target ≥ 50 %)`,
      );
      const cpu = (app: string) => figures.get(`${app}|${kind}|10`)?.cpu ?? 0;
      console.log(
        `  ${name}, ${kind}: CPU per delivery at 10 connections ${(cpu(name) / Math.max(0.001, cpu(rawName))).toFixed(1)}× raw Probot's`,
      );
      const p99 = figures.get(`${name}|${kind}|10`)?.p99 ?? Number.POSITIVE_INFINITY;
      verdict(p99 < 50, `${name}: ${kind} p99 ${p99} ms at 10 connections (target < 50 ms)`);
    }
    let peak = rssMb(app.proc.pid as number);
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(app.proc.pid as number));
    }, 50);
    const t0 = performance.now();
    const r = await cannon(app.port as number, burst, 50, BURST);
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // jobs draining after the acks
    clearInterval(sampler);
    console.log(
      `${name}: ${BURST.toLocaleString("en")}-delivery burst acknowledged in ${seconds.toFixed(1)} s (${r.non2xx + r.errors} failed), peak RSS ${peak.toFixed(0)} MB`,
    );
    verdict(peak < 300, `${name}: peak RSS ${peak.toFixed(0)} MB in the burst (target < 300 MB)`);
  }
  await app.kill();
}
console.log(
  `\nload average ${load()} at the end; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
);
for (const line of verdicts) console.log(line);
fakeProc.kill("SIGKILL");
await redis.stop();
process.exit(0);
