import { reportCheckOutput } from "../../src/reports/publish.js";
import type { QaReport } from "../../src/reports/schema.js";
import { appHarness } from "./app-harness.js";
import type { FakeApp, FakePull } from "./fake-github.js";
import { securityGateConfig } from "./fake-github-security.js";
import { checkRunEvent, type PrShape, prComment, prEvent } from "./pr-webhooks.js";
import { qaReportFixture } from "./reports.js";
import { WORLD } from "./webhooks.js";

export const SHA1 = "1".repeat(40);
export const SHA2 = "2".repeat(40);
export const QA_WORKFLOW = ".github/workflows/qa.yml";
export const QA_WORKFLOW_TEXT = [
  "on: pull_request",
  "jobs:",
  "  qa:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: actions/checkout@v4",
  "      - uses: ./.github/actions/test-setup",
  "      - uses: octo-org/flightdeck/actions/qa@v1",
].join("\n");
/** The composite action the QA workflow uses (`./.github/actions/test-setup`), at every commit. */
export const SETUP_ACTION = ".github/actions/test-setup/action.yml";
export const SETUP_ACTION_TEXT = [
  "runs:",
  "  using: composite",
  "  steps:",
  "    - uses: actions/setup-node@v4",
  "    - run: npm ci",
  "      shell: bash",
].join("\n");
export const GATE_CONFIG = [
  "team:",
  "  qa: [quinn, quade, dev]",
  "  backend: [mona]",
  "gates:",
  "  pullRequest:",
  "    qa:",
  "      minCoverage: { lines: 80, level: warn }",
  "    approvals:",
  "      - { role: qa, count: 2 }",
].join("\n");

/** A QA report as the Action publishes it from a workflow run (repository, commit, workflow, run). */
export function stampedQa(sha: string, lines: number, runId: number, failed = 0): QaReport {
  return {
    ...qaReportFixture(sha, { lines, failed }),
    repository: `${WORLD.owner}/${WORLD.repo}`,
    workflow: QA_WORKFLOW,
    runId,
  };
}

/**
 * The Flightdeck app with one open pull request (#2 by `dev`, head SHA1 pushed at 09:00) in a
 * fake GitHub whose check runs carry their app and workflow run, and whose GraphQL pages as
 * GitHub's does. Helpers publish QA reports from a workflow run and post comments that the gate
 * later reads from the pull request.
 */
export async function gateWorld(config = GATE_CONFIG) {
  const h = await appHarness({ config, routes: ["graphql", "GET", "POST", "PATCH"] });
  for (const login of ["quade", "dev"]) h.fake.addUser(login, "write");
  h.fake.workflows.set(QA_WORKFLOW, QA_WORKFLOW_TEXT);
  h.fake.files.set(SETUP_ACTION, SETUP_ACTION_TEXT);
  const pull = h.fake.addPull(SHA1, "dev");
  const pr: PrShape = { number: pull.number, headSha: SHA1, author: "dev" };
  let nextRun = 12_000_880_001; // workflow run ids are past 2^31 on github.com too
  const gate = (sha = pull.headSha) =>
    h.fake.checkRuns.filter((r) => r.name === "Flightdeck Go/No-Go" && r.headSha === sha);
  /** A completed "Flightdeck QA" check run made by a workflow run (or another app). */
  const addQaRun = (
    sha: string,
    output: { title: string; summary: string; text: string },
    completedAt = "2026-11-20T10:00:00Z",
    producer: { app?: FakeApp; runId?: number; workflow?: string } = {},
  ) =>
    h.fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: sha,
      status: "completed",
      conclusion: "success",
      completedAt,
      output,
      ...(producer.app ? { app: producer.app } : {}),
      ...(producer.app
        ? {}
        : {
            workflowRun: {
              id: producer.runId ?? nextRun++,
              path: producer.workflow ?? QA_WORKFLOW,
              repository: `${WORLD.owner}/${WORLD.repo}`,
            },
          }),
    });
  const shape = (p: FakePull = pull): PrShape => ({ number: p.number, headSha: p.headSha, author: p.author });
  /** Publishes a QA report from a workflow run and delivers the check_run event. */
  const publishQa = async (
    lines: number,
    completedAt: string,
    options: { failed?: number; sha?: string } = {},
  ) => {
    const sha = options.sha ?? pull.headSha;
    const runId = nextRun++;
    addQaRun(sha, reportCheckOutput(stampedQa(sha, lines, runId, options.failed)), completedAt, { runId });
    await h.deliver("check_run", checkRunEvent("completed", "Flightdeck QA", { ...shape(), headSha: sha }));
    await h.settle();
  };
  /** Posts a comment on the pull request (stored, then the webhook delivered). */
  const say = async (body: string, user: string, at = "2026-11-20T12:00:00Z", p: FakePull = pull) => {
    h.fake.addComment(p.number, body, user, { createdAt: at });
    await h.deliver("issue_comment", prComment(shape(p), body, user, at));
  };
  /** Pushes a commit to the pull request and delivers `pull_request.synchronize`. */
  const push = async (sha: string, at: string, options: { force?: boolean } = {}) => {
    const before = pull.headSha;
    h.fake.push(pull, sha, at, options);
    await h.deliver("pull_request", prEvent("synchronize", shape(), "dev", before));
    await h.settle();
  };
  const title = (sha?: string) => gate(sha)[0]?.output.title;
  return { ...h, pull, pr, gate, title, addQaRun, publishQa, say, push, shape };
}

export type GateWorld = Awaited<ReturnType<typeof gateWorld>>;

/**
 * A gate world whose pull-request gate checks only `security` (securityGateConfig), with `setup`
 * applied (alerts, errors), after the pull request was opened and evaluated once.
 * @returns the world, its Go/No-Go check run and the API calls made so far
 */
export async function securityGateWorld(security: string, setup: (w: GateWorld) => void = () => {}) {
  const w = await gateWorld(securityGateConfig(security));
  setup(w);
  await w.deliver("pull_request", prEvent("opened", w.pr, "dev"));
  await w.settle();
  return { w, run: w.gate()[0], calls: w.served.calls };
}
