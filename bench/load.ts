// npm run bench:load — Flightdeck's load test and wrk against the same local server, in one run:
// prints both req/s and their ratio (target ≥ 0.85 of wrk on this 2-core machine), with the
// exact p95 Flightdeck reports. Traffic stays on 127.0.0.1 and every run is bounded in time.
// Each tool's own throughput figure is compared: wrk's Requests/sec and autocannon's mean
// requests per second (what runLoadTest reports as rps). Rounds of 8 s (BENCH_SECONDS) keep
// connection set-up a small share of the run; BENCH_ROUNDS alternating rounds damp the noise of
// a shared machine.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { runLoadTest } from "../src/load/run.js";

const run = promisify(execFile);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;

// The server runs in its own process so it does not share an event loop with the load generator.
const server = spawn(
  process.execPath,
  [
    "-e",
    'const s=require("http").createServer((q,r)=>r.end("ok")).listen(0,"127.0.0.1",()=>console.log(s.address().port))',
  ],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const [chunk] = (await once(server.stdout, "data")) as [Buffer];
const url = `http://127.0.0.1:${chunk.toString().trim()}/`;

async function wrk(): Promise<number | undefined> {
  try {
    const { stdout } = await run("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, url], {
      timeout: (DURATION + 30) * 1000,
    });
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  } catch (error) {
    console.log(`wrk is not available (${(error as Error).message.split("\n")[0]}): apt-get install wrk`);
    return undefined;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

try {
  await runLoadTest({ url, connections: CONNECTIONS, durationSec: 1 }); // warm the server's JIT
  // Shared machines are noisy: alternate the two tools and compare medians of the rounds.
  const wrkRuns: number[] = [];
  const ourRuns: Awaited<ReturnType<typeof runLoadTest>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const w = await wrk();
    if (w) wrkRuns.push(w);
    ourRuns.push(await runLoadTest({ url, connections: CONNECTIONS, durationSec: DURATION }));
  }
  const ours = median(ourRuns.map((r) => r.rps));
  const last = ourRuns[ourRuns.length - 1] as (typeof ourRuns)[0];
  console.log(`Target: ${url}, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION} s`);
  console.log(
    `Flightdeck load test: ${ourRuns.map((r) => r.rps.toFixed(0)).join(", ")} req/s → median ${ours.toFixed(0)}`,
  );
  console.log(
    `  last round: p50 ${last.latencyMs.p50} ms, p95 ${last.latencyMs.p95} ms (exact, from ${last.requests} samples), p99 ${last.latencyMs.p99} ms`,
  );
  if (wrkRuns.length) {
    const ratio = ours / median(wrkRuns);
    console.log(
      `wrk:                  ${wrkRuns.map((r) => r.toFixed(0)).join(", ")} req/s → median ${median(wrkRuns).toFixed(0)}`,
    );
    console.log(
      `Ratio Flightdeck/wrk: ${ratio.toFixed(2)} (target ≥ 0.85): ${ratio >= 0.85 ? "met" : "NOT met"}`,
    );
  }
} finally {
  server.kill();
}
