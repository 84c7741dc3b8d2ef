// npm run bench:gate — a pull request with 100 reviews, 500 comments and 5 QA reports: prints
// the pure evaluation time and the GitHub requests one evaluation makes through the app's job.
import nock from "nock";
import { PullRequestPolicy } from "../src/config/schema.js";
import {
  evaluatePullRequestGate,
  type GateCommand,
  type PullRequestEvidence,
} from "../src/gates/pull-request.js";
import { encodeGateState } from "../src/gates/state.js";
import { PermissionCache } from "../src/github/permission-cache.js";
import { runGateJob } from "../src/jobs/gate-job.js";
import { reportCheckOutput } from "../src/reports/publish.js";
import { emptyCounts, type QaReport } from "../src/reports/schema.js";
import { FakeGitHub } from "../test/support/fake-github.js";
import { serveGitHub } from "../test/support/nock-github.js";
import { testOctokit } from "../test/support/octokit.js";

nock.disableNetConnect();
const HEAD = "f".repeat(40);
const team = { qa: ["qa0", "qa1", "qa2"], backend: ["be0", "be1"], frontend: ["fe0"] };
const policy = PullRequestPolicy.parse({
  qa: { minCoverage: { lines: 80 } },
  approvals: [
    { role: "qa", count: 2 },
    { role: "backend", count: 1 },
  ],
});
const reviewers = ["qa0", "qa1", "qa2", "be0", "be1", "fe0", "dev1", "dev2", "dev3", "dev4"];

function qa(i: number): QaReport {
  return {
    schema: "flightdeck.report/v1",
    kind: "qa",
    sha: HEAD,
    createdAt: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
    tests: { total: 400, passed: 400, failed: 0, errored: 0, skipped: 0, flaky: 0 },
    byPriority: {
      P0: { ...emptyCounts(), total: 50, passed: 50 },
      P1: { ...emptyCounts(), total: 350, passed: 350 },
      P2: emptyCounts(),
    },
    failures: [],
    coverage: { lines: 85 + i },
    durationMs: 1000,
    sources: [],
  };
}
const reviews = Array.from({ length: 100 }, (_, i) => ({
  user: reviewers[i % reviewers.length] as string,
  state: i % 7 === 0 ? "CHANGES_REQUESTED" : i % 3 === 0 ? "COMMENTED" : "APPROVED",
  commitId: i % 4 === 0 ? "0".repeat(40) : HEAD,
  submittedAt: new Date(Date.UTC(2026, 10, 20, 8, 0, i)).toISOString(),
}));
// Of the 500 comments, the /flightdeck commands are recorded in the gate check run (the state keeps 200).
const commands: GateCommand[] = Array.from({ length: 200 }, (_, i) => ({
  user: reviewers[i % reviewers.length] as string,
  command: (["go", "no-go", "withdraw"] as const)[i % 3] as GateCommand["command"],
  reason: "bench",
  sha: HEAD,
  at: new Date(Date.UTC(2026, 10, 20, 9, 0, i)).toISOString(),
}));
const evidence: PullRequestEvidence = {
  headSha: HEAD,
  author: "dev1",
  qaReports: Array.from({ length: 5 }, (_, i) => qa(4 - i)),
  reviews,
  commands,
  team,
  canWrite: (l) => !l.startsWith("dev"),
};

// Pure evaluation: warm up, then time many runs.
for (let i = 0; i < 200; i++) evaluatePullRequestGate(policy, evidence);
const runs = 2000;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = process.hrtime.bigint();
  evaluatePullRequestGate(policy, evidence);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const mean = times.reduce((s, t) => s + t, 0) / runs;
const p95 = times[Math.floor(runs * 0.95)] as number;

// Through the app's job against a simulated GitHub.
const fake = new FakeGitHub();
const pull = fake.addPull(HEAD, "dev1");
for (const r of reviews)
  fake.addReview(pull.number, r.user, r.state as "APPROVED", r.commitId, r.submittedAt);
for (let i = 0; i < 500; i++)
  fake.addComment(
    pull.number,
    i % 2 ? "/flightdeck go" : "Looks good",
    reviewers[i % reviewers.length] as string,
  );
for (let i = 0; i < 5; i++) {
  fake.addCheckRun({
    name: "Flightdeck QA",
    headSha: HEAD,
    status: "completed",
    conclusion: "success",
    completedAt: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
    output: reportCheckOutput(qa(i)),
  });
}
fake.addCheckRun({
  name: "Flightdeck Go/No-Go",
  headSha: HEAD,
  status: "completed",
  conclusion: "neutral",
  completedAt: null,
  output: { title: "", summary: "", text: encodeGateState(commands) },
});
const yaml = `team:\n  qa: [qa0, qa1, qa2]\n  backend: [be0, be1]\n  frontend: [fe0]\ngates:\n  pullRequest:\n    qa:\n      minCoverage: { lines: 80 }\n    approvals:\n      - { role: qa, count: 2 }\n      - { role: backend, count: 1 }\n`;
fake.files.set(".github/flightdeck.yml", yaml);
for (const login of reviewers) if (!login.startsWith("dev")) fake.addUser(login, "write");
serveGitHub(fake, ["GET", "POST", "PATCH"]);
const permissions = new PermissionCache();
const deps = {
  octokit: testOctokit(),
  log: { info() {}, warn() {}, error() {} },
  secret: "x",
  appId: 4242,
  now: () => new Date(),
  permissions,
};
const job = { owner: fake.owner, repo: fake.name, defaultBranch: "main", pull: pull.number };
const counts: number[] = [];
let verdict = "";
for (let i = 0; i < 2; i++) {
  const before = fake.log.length;
  const out = await runGateJob(deps, job);
  verdict = out.verdict?.title ?? out.write;
  counts.push(fake.log.length - before);
}
const kinds = fake.log.slice(0, counts[0]).map(
  (r) =>
    `${r.method} ${r.path
      .replace(/^\/repos\/[^/]+\/[^/]+/, "")
      .replace(/\/\d+/g, "/{n}")
      .replace(/[0-9a-f]{40}/, "{sha}")}`,
);

console.log(
  "Pull request: 100 reviews, 500 comments, 5 QA reports, 200 recorded commands, 2 approval rules + 4 QA criteria",
);
console.log(`Evaluation (pure, ${runs} runs): mean ${mean.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms`);
console.log(
  `GitHub requests per evaluation: first ${counts[0]}, with the permission cache warm ${counts[1]}`,
);
for (const k of kinds) console.log(`    ${k}`);
console.log(`Verdict: ${verdict}`);
const ok = p95 < 5 && Math.max(...counts) <= 6;
console.log(`Target (< 5 ms evaluation, ≤ 6 requests): ${ok ? "met" : "NOT met"}`);
process.exitCode = ok ? 0 : 1;
