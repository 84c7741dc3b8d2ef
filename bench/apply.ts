// npm run bench:apply — materializes a 12-task plan with 15 dependency edges against a simulated
// GitHub (GitHub's real GraphQL schema, REST checked against its OpenAPI description) and prints
// the API requests by kind and the wall time Probot's default throttle imposes, for Flightdeck's
// batched GraphQL executor and for the naive REST sequence, in the same run.

import { readFileSync } from "node:fs";
import nock from "nock";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { applyPlan } from "../src/github/apply.js";
import { planFromMarkdown } from "../src/planner/deterministic.js";
import { type Plan, planEdges, validatePlan } from "../src/planner/schema.js";
import { FakeGitHub } from "../test/support/fake-github.js";
import { serveGitHub } from "../test/support/nock-github.js";
import { testOctokit } from "../test/support/octokit.js";
import { fixtureEpicPath } from "../test/support/paths.js";
import { naiveRestApply } from "./naive-rest.js";
import { throttleBoundMs, throttleGroup } from "./throttle-model.js";

nock.disableNetConnect();

function benchPlan(): Plan {
  const base = planFromMarkdown(readFileSync(fixtureEpicPath("usage-billing.md"), "utf8"), {
    maxTasks: 30,
    defaultEstimateHours: 4,
  });
  // The epic's 11 mermaid edges plus 4 more, for the 15 edges the target is stated for.
  const extra: Record<string, string[]> = { T12: ["T11", "T8"], T9: ["T10", "T4"] };
  return validatePlan(
    {
      ...base,
      tasks: base.tasks.map((t) => ({ ...t, dependsOn: [...t.dependsOn, ...(extra[t.key] ?? [])] })),
    },
    30,
  );
}

async function measure(name: string, run: (fake: FakeGitHub, epic: number) => Promise<void>) {
  nock.cleanAll();
  const fake = new FakeGitHub();
  const epic = fake.addIssue("Epic", "body").number;
  const served = serveGitHub(fake, ["graphql", "GET", "POST", "PATCH"]);
  const started = process.hrtime.bigint();
  await run(fake, epic);
  const cpuMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (served.violations.length)
    throw new Error(`${name}: contract violations: ${served.violations.join("; ")}`);
  const kinds = new Map<string, number>();
  for (const r of fake.log) {
    const kind = r.operation
      ? `graphql ${r.operation}`
      : `${r.method} ${r.path.replace(/\/\d+/g, "/{n}").replace(/^\/repos\/[^/]+\/[^/]+/, "")}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const groups = { read: 0, write: 0, notification: 0 };
  for (const r of fake.log) groups[throttleGroup(r)]++;
  return {
    name,
    requests: fake.log.length,
    kinds,
    groups,
    throttleMs: throttleBoundMs(fake.log),
    cpuMs,
    subIssues: fake.children(epic).length,
    edges: fake.edges(epic).length,
  };
}

const plan = benchPlan();
const octokit = testOctokit();
const ours = await measure("Flightdeck (batched GraphQL, read-before-write)", async (fake, epic) => {
  await applyPlan(
    octokit,
    { owner: fake.owner, repo: fake.name, epic },
    { plan, config: DEFAULT_CONFIG, assignees: {}, planHash: "bench" },
  );
});
const naive = await measure("Naive REST (create + link per task, one call per edge)", async (fake, epic) => {
  await naiveRestApply(octokit, { owner: fake.owner, repo: fake.name, epic }, plan, DEFAULT_CONFIG);
});

console.log(`Plan: ${plan.tasks.length} tasks, ${planEdges(plan).length} dependency edges\n`);
for (const r of [ours, naive]) {
  console.log(r.name);
  console.log(`  result: ${r.subIssues} sub-issues, ${r.edges} blocked-by edges`);
  console.log(
    `  API requests: ${r.requests} (throttle groups: ${r.groups.read} read, ${r.groups.write} write ≥1 s, ${r.groups.notification} notifying write ≥3 s)`,
  );
  for (const [k, n] of r.kinds) console.log(`    ${String(n).padStart(3)} × ${k}`);
  console.log(
    `  throttle-bound wall time: ${(r.throttleMs / 1000).toFixed(1)} s   (local CPU time of the run: ${r.cpuMs.toFixed(0)} ms)\n`,
  );
}
console.log(
  `Ratio naive/Flightdeck: requests ${(naive.requests / ours.requests).toFixed(1)}×, throttle-bound time ${(naive.throttleMs / Math.max(1, ours.throttleMs)).toFixed(1)}×`,
);
const ok = ours.requests <= 6 && ours.throttleMs <= 10_000 && ours.subIssues === 12 && ours.edges === 15;
console.log(
  `Target (≤ 6 requests, ≤ 10 s throttle-bound, 12 sub-issues, 15 edges): ${ok ? "met" : "NOT met"}`,
);
process.exitCode = ok ? 0 : 1;
