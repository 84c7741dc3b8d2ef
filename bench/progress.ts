// npm run bench:progress — an applied epic of 24 tasks (four chains of six) on a simulated GitHub
// (GitHub's real GraphQL schema, REST checked against its OpenAPI description); 20 of its tasks
// close within one minute, each delivered as a schema-valid `issues.closed` webhook to the real
// Probot app. Prints the GitHub requests Mission Control makes (config, state reads, epic edits,
// handoff comments) and the wall time Probot's default throttle imposes on them.
// Time runs 100× faster than on GitHub: closes every 3 s become every 30 ms and Mission
// Control's 30 s debounce becomes 300 ms — the same shape of burst, the same requests.

import { randomUUID } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import { createApp } from "../src/app.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { applyPlan } from "../src/github/apply.js";
import { flightdeckOctokitClass } from "../src/github/octokit.js";
import { PROGRESS_DELAY_MS } from "../src/handlers/progress-events.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import { parseTaskMarker } from "../src/markers.js";
import { type Plan, validatePlan } from "../src/planner/schema.js";
import { APP_ID, FakeGitHub } from "../test/support/fake-github.js";
import { serveGitHub } from "../test/support/nock-github.js";
import { testOctokit } from "../test/support/octokit.js";
import { issueEvent } from "../test/support/progress-webhooks.js";
import { throttleBoundMs, throttleGroup } from "./throttle-model.js";

nock.disableNetConnect();
const SCALE = 100;
const CLOSES = 20;
const MINUTE = 60_000;

function benchPlan(): Plan {
  const tasks = Array.from({ length: 24 }, (_, i) => {
    const chain = Math.floor(i / 6);
    const step = i % 6;
    return {
      key: `T${i + 1}`,
      title: `Chain ${chain + 1}, step ${step + 1}`,
      role: (["backend", "frontend", "qa", "devops"] as const)[chain],
      estimateHours: 2 + step,
      priority: "P1",
      acceptanceCriteria: ["done"],
      dependsOn: step ? [`T${i}`] : [],
    };
  });
  return validatePlan({ tasks }, 30);
}

const fake = new FakeGitHub();
fake.files.set(".github/flightdeck.yml", "team:\n  backend: [alice]\n  frontend: [bob]\n  qa: [quinn]\n");
for (const login of ["alice", "bob", "quinn", "mona"]) fake.addUser(login, "write");
const epic = fake.addIssue("Epic: bench", "The epic's own text.", "mona");
const served = serveGitHub(fake, ["graphql", "GET", "POST"]);
const plan = benchPlan();
await applyPlan(
  testOctokit(),
  { owner: fake.owner, repo: fake.name, epic: epic.number },
  { plan, config: DEFAULT_CONFIG, assignees: { T1: "alice", T7: "bob", T13: "quinn" }, planHash: "bench" },
);

const runs = new Map<string, number>();
const queue = new EmbeddedQueue({
  sleep: async () => {},
  observer: { jobFinished: (job) => void runs.set(job.kind, (runs.get(job.kind) ?? 0) + 1) },
});
const probot = new Probot({
  githubToken: "ghs_test",
  Octokit: flightdeckOctokitClass({ throttle: false }),
  logLevel: "fatal",
});
await probot.load(
  createApp({
    secret: "bench",
    appId: APP_ID,
    queue,
    now: () => new Date(fake.clock),
    progressDelayMs: PROGRESS_DELAY_MS / SCALE,
  }),
);

// Close the first 20 tasks in plan order (five steps of each chain), one every 3 s.
const tasks = fake
  .children(epic.number)
  .sort(
    (a, b) => Number(parseTaskMarker(a.body)?.key.slice(1)) - Number(parseTaskMarker(b.body)?.key.slice(1)),
  );
const closing = tasks.filter((_, i) => i % 6 < 5).slice(0, CLOSES);
let epicEdits = 0;
fake.beforeUpdateIssue = (issue) => {
  if (issue.number === epic.number) epicEdits++;
};
const logStart = fake.log.length;
const started = performance.now();
for (const [i, t] of closing.entries()) {
  fake.clock = new Date(Date.parse("2025-01-07T10:00:00Z") + i * (MINUTE / CLOSES)).toISOString();
  fake.closeIssue(t.number);
  await probot.receive({
    id: randomUUID(),
    name: "issues",
    payload: issueEvent("closed", t, "alice"),
  } as never);
  await new Promise((r) => setTimeout(r, MINUTE / CLOSES / SCALE));
}
await queue.onIdle();
const wallMs = performance.now() - started;
if (served.violations.length) throw new Error(`contract violations: ${served.violations.join("; ")}`);

// Every job reads the config once; only Mission Control's jobs (epic.progress) count here. The
// deployment sweep also listens to issues.closed and reads the config per close (other work).
const all = fake.log.slice(logStart);
const progressRuns = runs.get("epic.progress") ?? 0;
let configReads = 0;
const log = all.filter((r) => !r.path.includes("/contents/") || ++configReads <= progressRuns);
const others = all.length - log.length;
const kinds = new Map<string, number>();
for (const r of log) {
  const kind = r.operation
    ? `graphql ${r.operation}`
    : `${r.method} ${r.path.replace(/^\/repos\/[^/]+\/[^/]+/, "")}`;
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
}
const groups = { read: 0, write: 0, notification: 0 };
for (const r of log) groups[throttleGroup(r)]++;
const handoffs = fake.comments.filter((c) => c.body.includes("flightdeck:handoff")).length;
const body = fake.issues.get(epic.number)?.body ?? "";

console.log(
  `Epic: ${tasks.length} tasks in 4 chains; ${closing.length} of them closed within one minute (time ×${SCALE}).\n`,
);
console.log(
  `Mission Control: ${epicEdits} epic edits; ${handoffs} handoff comments posted in the same writes`,
);
console.log(
  `  API requests: ${log.length} (throttle groups: ${groups.read} read, ${groups.write} write ≥1 s, ${groups.notification} notifying write ≥3 s)`,
);
for (const [k, n] of kinds) console.log(`    ${String(n).padStart(3)} × ${k}`);
console.log(
  `  throttle-bound wall time: ${(throttleBoundMs(log) / 1000).toFixed(1)} s   (local run: ${wallMs.toFixed(0)} ms)`,
);
console.log(
  `  other handlers on the same deliveries: ${others} requests (${[...runs]
    .filter(([k]) => k !== "epic.progress")
    .map(([k, n]) => `${n} × ${k}`)
    .join(", ")})`,
);
console.log(`  epic now says: ${/### 🛰️ Mission Control: [^\n]+/.exec(body)?.[0] ?? "(no section)"}`);
const ok = epicEdits <= 2 && log.length <= 6 && body.includes(`${CLOSES} of 24 tasks done`);
console.log(`\nTarget (≤ 2 epic edits, ≤ 6 requests, the final state shown): ${ok ? "met" : "NOT met"}`);
process.exitCode = ok ? 0 : 1;
