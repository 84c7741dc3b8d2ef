import { beforeAll, describe, expect, it, vi } from "vitest";
import { githubSchema } from "./support/fake-github.js";
import { gateWorld } from "./support/gate-world.js";
import { realPayload, WORLD, webhookProblems } from "./support/webhooks.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

const GROUP_HEAD = "9".repeat(40);
const at = (h: number, m = 0) => `2026-11-20T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`;

/** A `merge_group.checks_requested` payload, checked against GitHub's webhook schema. */
function checksRequested(headRef = `refs/heads/gh-readonly-queue/main/pr-3-${GROUP_HEAD}`) {
  // GitHub's recorded examples predate the current schema; the fields follow it.
  const base = realPayload("issues", "labeled");
  base.repository.name = WORLD.repo;
  base.repository.full_name = `${WORLD.owner}/${WORLD.repo}`;
  base.repository.owner.login = WORLD.owner;
  base.repository.default_branch = "main";
  const who = { name: "Mona", email: "mona@example.com" };
  const p: Record<string, any> = {
    action: "checks_requested",
    merge_group: {
      head_sha: GROUP_HEAD,
      head_ref: headRef,
      base_sha: "6".repeat(40),
      base_ref: "refs/heads/main",
      head_commit: {
        id: GROUP_HEAD,
        tree_id: "5".repeat(40),
        message: "Merge queue group",
        timestamp: "2026-11-20T10:00:00Z",
        author: who,
        committer: who,
      },
    },
    repository: base.repository,
    installation: { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    sender: base.sender,
  };
  expect(webhookProblems("merge_group", "checks_requested", p)).toEqual([]);
  return p;
}

/** Two pull requests queued (#2 then #3), one more behind them; #2 has QA and two approvals. */
async function queued() {
  const w = await gateWorld();
  await w.publishQa(95, at(10));
  w.fake.addReview(w.pr.number, "quinn", "APPROVED", w.pull.headSha, at(11));
  w.fake.addReview(w.pr.number, "quade", "APPROVED", w.pull.headSha, at(11));
  const b = w.fake.addPull("b".repeat(40), "dev", at(9));
  const later = w.fake.addPull("c".repeat(40), "dev", at(9));
  w.fake.mergeQueue.push(
    { pull: w.pull.number, headCommit: "8".repeat(40) },
    { pull: b.number, headCommit: GROUP_HEAD },
    { pull: later.number, headCommit: "7".repeat(40) },
  );
  const groupRun = () => w.fake.checkRuns.filter((r) => r.headSha === GROUP_HEAD);
  const requestChecks = async () => {
    await w.deliver("merge_group" as never, checksRequested());
    await w.settle();
  };
  return { ...w, b, groupRun, requestChecks };
}

describe("merge groups", () => {
  it("evaluates every pull request in the group afresh, not from its check run's verdict", async () => {
    const w = await queued();
    // #3's own check run says go (a stale verdict, or one from before its approvals were withdrawn):
    // the group does not take it; #3 is judged now, on its own evidence.
    w.fake.addCheckRun({
      name: "Flightdeck Go/No-Go",
      headSha: w.b.headSha,
      status: "completed",
      conclusion: "success",
      completedAt: at(10),
      output: { title: "Go: every criterion is met", summary: "", text: "" },
    });
    await w.requestChecks();
    const [run, ...more] = w.groupRun();
    expect(more).toEqual([]);
    expect(run).toMatchObject({ name: "Flightdeck Go/No-Go", status: "completed", conclusion: "failure" });
    expect(run?.app?.id).toBe(4242);
    expect(run?.output.title).toBe("No-go: 1 of 2 pull requests in this merge group is not a go");
    expect(run?.output.summary).toBe(
      `- ✅ #${w.pr.number}: go\n- ❌ #${w.b.number}: no-go (No-go: no QA report for bbbbbbb yet (run the Flightdeck QA action on this commit); 0/2 qa approvals)`,
    );

    // #3 gets its evidence and approvals: the next request turns the same check run green.
    await w.publishQa(95, at(10, 30), { sha: w.b.headSha });
    w.fake.addReview(w.b.number, "quinn", "APPROVED", w.b.headSha, at(11));
    await w.say("/flightdeck go", "quade", at(11, 5), w.b);
    await w.settle();
    await w.requestChecks();
    expect(w.groupRun()).toHaveLength(1);
    expect(w.groupRun()[0]).toMatchObject({ conclusion: "success" });
    expect(w.groupRun()[0]?.output.title).toBe("Go: all 2 pull requests in this merge group are a go");
    expect(w.served.violations).toEqual([]);
  });

  it("applies the default branch's current policy and commands: a no-go written after queueing blocks the group", async () => {
    const w = await queued();
    await w.publishQa(95, at(10, 30), { sha: w.b.headSha });
    w.fake.addReview(w.b.number, "quinn", "APPROVED", w.b.headSha, at(11));
    w.fake.addReview(w.b.number, "quade", "APPROVED", w.b.headSha, at(11));
    await w.requestChecks();
    expect(w.groupRun()[0]?.conclusion).toBe("success");
    w.fake.addComment(w.pr.number, "/flightdeck no-go the migration is not reversible", "mona", {
      createdAt: at(12),
    });
    await w.requestChecks();
    expect(w.groupRun()[0]?.conclusion).toBe("failure");
    expect(w.groupRun()[0]?.output.summary).toContain(
      `- ❌ #${w.pr.number}: no-go (No-go: no-go from mona: the migration is not reversible)`,
    );
  });

  it("binds each pull request to the head the queue lists for it", async () => {
    const w = await queued();
    await w.publishQa(95, at(10, 30), { sha: w.b.headSha });
    w.fake.addReview(w.b.number, "quinn", "APPROVED", w.b.headSha, at(11));
    w.fake.addReview(w.b.number, "quade", "APPROVED", w.b.headSha, at(11));
    // The queue holds #3 at an older head than the pull request has now.
    (w.fake.mergeQueue[1] as { headRefOid?: string }).headRefOid = "d".repeat(40);
    await w.requestChecks();
    expect(w.groupRun()[0]?.conclusion).toBe("failure");
    expect(w.groupRun()[0]?.output.summary).toContain(
      `- ❌ #${w.b.number}: no-go (its head moved from ddddddd to bbbbbbb after it was queued)`,
    );
  });

  it("never leaves the queue waiting: an unknown group is a completed no-go", async () => {
    const w = await gateWorld();
    await w.deliver(
      "merge_group" as never,
      checksRequested("refs/heads/gh-readonly-queue/main/something-else"),
    );
    await w.settle();
    expect(w.fake.checkRuns.find((r) => r.headSha === GROUP_HEAD)).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: expect.objectContaining({ title: "No-go: the pull requests of this merge group are unknown" }),
    });
  });
});
