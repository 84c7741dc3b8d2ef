import { beforeAll, describe, expect, it, vi } from "vitest";
import { type EvidenceContext, judgeEvidence, MAX_LOCAL_ACTION_DEPTH } from "../src/gates/evidence.js";
import { reportCheckOutput } from "../src/reports/publish.js";
import { githubSchema } from "./support/fake-github.js";
import { gateWorld, QA_WORKFLOW, SETUP_ACTION } from "./support/gate-world.js";
import { checkRunEvent } from "./support/pr-webhooks.js";
import { qaReportFixture } from "./support/reports.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

const at = (h: number, m = 0) => `2026-11-20T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`;
const composite = (...uses: string[]) =>
  ["runs:", "  using: composite", "  steps:", ...uses.map((u) => `    - uses: ${u}`)].join("\n");

describe("local actions used by local actions", () => {
  it("follows a composite action into the local actions it uses, and refuses the report when the pull request changes one", async () => {
    const w = await gateWorld();
    w.fake.files.set(SETUP_ACTION, composite("./.github/actions/cache", "actions/setup-node@v4"));
    w.fake.files.set(".github/actions/cache/action.yaml", composite("./tools/junit-writer/"));
    w.fake.files.set(
      "tools/junit-writer/action.yml",
      "runs:\n  using: node20\n  main: ../../scripts/write-junit.js\n",
    );
    await w.publishQa(95, at(10));
    expect(w.title()).toBe("No-go: 0/2 qa approvals"); // nothing modified: the report counts

    w.pull.files = ["src/app.ts", "tools/junit-writer/action.yml"];
    await w.publishQa(95, at(10, 10));
    // The title is cut at GitHub's 255 characters; the text lists every refused check run in full.
    expect(w.title()).toMatch(/^No-go: no trusted QA report for 1111111: the QA workflow/);
    expect(w.gate()[0]?.output.text).toContain(
      "- the QA workflow .github/workflows/qa.yml uses ./.github/actions/test-setup, which uses ./.github/actions/cache, which uses ./tools/junit-writer, which this pull request modifies (tools/junit-writer/action.yml); its report is not evidence",
    );

    // A JavaScript action's entry point outside its directory counts as part of it.
    w.pull.files = ["scripts/write-junit.js"];
    await w.publishQa(95, at(10, 20));
    expect(w.gate()[0]?.output.text).toContain(
      "uses ./tools/junit-writer, which runs scripts/write-junit.js, which this pull request modifies; its report is not evidence",
    );
    expect(w.served.violations).toEqual([]);
  });

  it("ends on a cycle of local actions, reading each once", async () => {
    const w = await gateWorld();
    w.fake.files.set(SETUP_ACTION, composite("./.github/actions/b"));
    w.fake.files.set(".github/actions/b/action.yml", composite("./.github/actions/test-setup"));
    const before = w.served.calls.length;
    await w.publishQa(95, at(10));
    expect(w.title()).toBe("No-go: 0/2 qa approvals");
    const graphql = w.served.calls.slice(before).filter((c) => c.startsWith("graphql:Gate"));
    // One GatePullRequest, then one request per level of local actions (test-setup, then b).
    expect(graphql).toEqual(["graphql:GatePullRequest", "graphql:GateHeadFiles", "graphql:GateHeadFiles"]);
  });

  it("reads local actions with the comment pages when there are any, adding no request", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    for (let i = 0; i < 250; i++) {
      w.fake.addComment(w.pr.number, `note ${i}`, "quinn", { createdAt: at(11, i % 60) });
    }
    const before = w.served.calls.length;
    await w.deliver(
      "check_run",
      checkRunEvent("requested_action", "Flightdeck Go/No-Go", w.pr, "reevaluate"),
    );
    await w.settle();
    const graphql = w.served.calls.slice(before).filter((c) => c.startsWith("graphql:Gate"));
    expect(graphql).toEqual(["graphql:GatePullRequest", "graphql:GatePullRequestMore"]);
    expect(w.title()).toBe("No-go: 0/2 qa approvals");
  });

  it("refuses a report whose workflow nests local actions deeper than it follows, or uses one without metadata", async () => {
    const w = await gateWorld();
    const chain = Array.from({ length: MAX_LOCAL_ACTION_DEPTH + 1 }, (_, i) => `.github/actions/l${i}`);
    w.fake.files.set(SETUP_ACTION, composite(`./${chain[0]}`));
    chain.forEach((dir, i) => {
      const next = chain[i + 1];
      w.fake.files.set(`${dir}/action.yml`, next ? composite(`./${next}`) : composite());
    });
    await w.publishQa(95, at(10));
    expect(w.gate()[0]?.output.text).toContain(
      `which nests local actions deeper than ${MAX_LOCAL_ACTION_DEPTH} levels`,
    );

    w.fake.files.set(SETUP_ACTION, composite("./.github/actions/missing"));
    await w.publishQa(95, at(10, 10));
    expect(w.gate()[0]?.output.text).toContain(
      "uses ./.github/actions/test-setup, which uses ./.github/actions/missing, which has no action.yml at 1111111",
    );
  });
});

describe("reusable workflows and odd local paths (pure)", () => {
  const SHA = "c".repeat(40);
  const run = {
    id: 1,
    name: "Flightdeck QA",
    status: "completed",
    completedAt: at(10),
    text: reportCheckOutput({
      ...qaReportFixture(SHA),
      repository: "octo-org/launchpad",
      workflow: QA_WORKFLOW,
      runId: 5,
    } as never).text,
    app: { id: 15368, slug: "github-actions" },
    workflowRun: { id: 5, path: QA_WORKFLOW, repository: "octo-org/launchpad" },
  };
  const context = (over: Partial<EvidenceContext>): EvidenceContext => ({
    repository: "octo-org/launchpad",
    headSha: SHA,
    changedFiles: ["src/app.ts"],
    workflows: new Map(),
    actions: new Map(),
    ...over,
  });

  it("follows a reusable workflow into the local actions it uses", () => {
    const judged = judgeEvidence(
      "qa",
      [run],
      context({
        changedFiles: [".github/actions/lint/run.sh"],
        workflows: new Map([
          [QA_WORKFLOW, "jobs:\n  qa: { uses: ./.github/workflows/reusable.yml }\n"],
          [".github/workflows/reusable.yml", "jobs:\n  x:\n    steps: [{ uses: ./.github/actions/lint }]\n"],
        ]),
        actions: new Map([[".github/actions/lint", composite()]]),
      }),
    );
    expect(judged.report).toBeUndefined();
    expect(judged.untrusted[0]).toBe(
      "the QA workflow .github/workflows/qa.yml uses ./.github/workflows/reusable.yml, which uses ./.github/actions/lint, which this pull request modifies (.github/actions/lint/run.sh); its report is not evidence",
    );
  });

  it("normalizes `./a/../b` and treats `./` (the repository root as an action) as covering every file", () => {
    const judged = (uses: string, changed: string) =>
      judgeEvidence(
        "qa",
        [run],
        context({
          changedFiles: [changed],
          workflows: new Map([[QA_WORKFLOW, `jobs:\n  qa:\n    steps: [{ uses: "${uses}" }]\n`]]),
          actions: new Map([
            ["tools/b", composite()],
            ["", composite()],
          ]),
        }),
      ).untrusted[0];
    expect(judged("./tools/a/../b", "tools/b/index.js")).toContain(
      "uses ./tools/b, which this pull request modifies (tools/b/index.js)",
    );
    expect(judged("./", "README.md")).toContain("uses ./, which this pull request modifies (README.md)");
  });

  it("refuses a report from a workflow in another owner's repository", () => {
    const judged = judgeEvidence(
      "qa",
      [{ ...run, workflowRun: { ...run.workflowRun, repository: "mallory/launchpad" } }],
      context({}),
    );
    expect(judged.untrusted).toEqual([
      "the Flightdeck QA check run 1 came from a workflow in mallory/launchpad, outside octo-org; it is not evidence",
    ]);
  });
});
