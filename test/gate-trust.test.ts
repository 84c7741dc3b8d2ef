import { beforeAll, describe, expect, it, vi } from "vitest";
import { reportCheckOutput } from "../src/reports/publish.js";
import { GITHUB_ACTIONS_APP, githubSchema } from "./support/fake-github.js";
import { gateWorld, QA_WORKFLOW, SHA1, SHA2, stampedQa } from "./support/gate-world.js";
import { checkRunEvent, prComment } from "./support/pr-webhooks.js";

// GitHub's GraphQL schema (1.4 MB) is built once per file, outside the tests' time limits; each
// test runs whole webhook-to-check-run flows, which take seconds on a loaded 2-core machine.
beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

const EVIL = { id: 999, slug: "evil-app" };
const at = (h: number, m = 0) => `2026-11-20T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`;

describe("forged evidence", () => {
  it("ignores another app's green Flightdeck QA and Flightdeck Go/No-Go check runs, and writes its own", async () => {
    const w = await gateWorld();
    w.addQaRun(SHA1, reportCheckOutput(stampedQa(SHA1, 99, 1)), at(11), { app: EVIL });
    const forgedGate = w.fake.addCheckRun({
      name: "Flightdeck Go/No-Go",
      headSha: SHA1,
      status: "completed",
      conclusion: "success",
      completedAt: at(11),
      output: { title: "Go: every criterion is met", summary: "", text: "" },
      app: GITHUB_ACTIONS_APP,
    });
    await w.deliver("check_run", checkRunEvent("completed", "Flightdeck QA", w.pr));
    await w.settle();
    const own = w.gate().filter((r) => r.app?.id === 4242);
    expect(own).toHaveLength(1);
    expect(own[0]?.output.title).toBe(
      'No-go: no trusted QA report for 1111111: the Flightdeck QA check run 31000000000 was made by the app "evil-app", not by a GitHub Actions workflow run; it is not evidence; 0/2 qa approvals',
    );
    expect(forgedGate.output.title).toBe("Go: every criterion is met");
    expect(w.served.violations).toEqual([]);
  });

  it("does not count a report from a QA workflow the pull request modifies, and says why", async () => {
    const w = await gateWorld();
    w.pull.files = ["src/app.ts", QA_WORKFLOW];
    await w.publishQa(99, at(10));
    expect(w.title()).toBe(
      "No-go: no trusted QA report for 1111111: the QA workflow .github/workflows/qa.yml was modified in this pull request; its report is not evidence; 0/2 qa approvals",
    );
    expect(w.gate()[0]?.output.text).toContain("- the QA workflow .github/workflows/qa.yml was modified");
  });

  it("rejects a report that names another commit than its check run, and fails on it", async () => {
    const w = await gateWorld();
    w.addQaRun(SHA1, reportCheckOutput(stampedQa(SHA2, 99, 4444)), at(10), { runId: 4444 });
    await w.deliver("check_run", checkRunEvent("completed", "Flightdeck QA", w.pr));
    await w.settle();
    expect(w.gate()[0]?.conclusion).toBe("failure");
    expect(w.title()).toContain("carries a report about commit 2222222, not 1111111");
  });

  it("refuses to update a check run another app created (the fake answers 403, as GitHub does)", async () => {
    const w = await gateWorld();
    const foreign = w.fake.addCheckRun({
      name: "Flightdeck Go/No-Go",
      headSha: SHA1,
      status: "completed",
      conclusion: "success",
      completedAt: at(11),
      output: { title: "forged", summary: "", text: "" },
      app: EVIL,
    });
    expect(w.fake.rest("PATCH", `/repos/octo-org/launchpad/check-runs/${foreign.id}`, {}).status).toBe(403);
  });
});

describe("commands read from the pull request", () => {
  it("does not carry a go from a fork pull request with the same commit", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    const fork = w.fake.addPull(SHA1, "mallory");
    w.fake.addReview(fork.number, "quinn", "APPROVED", SHA1, at(11));
    await w.say("/flightdeck go", "quade", at(12), fork);
    await w.settle();
    await w.deliver(
      "check_run",
      checkRunEvent("requested_action", "Flightdeck Go/No-Go", w.pr, "reevaluate"),
    );
    await w.settle();
    // The fork's approvals are its own: this pull request has none, and the shared check run
    // shows the strictest verdict (see gate-shared-head.test.ts).
    expect(w.title()).toBe("No-go: 0/2 qa approvals (#2, the strictest of 2 pull requests with this head)");
  });

  it("keeps a no-go and drops an earlier go when the head is force-pushed back to an old commit", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    w.fake.addReview(w.pr.number, "quinn", "APPROVED", SHA1, at(11));
    await w.say("/flightdeck go", "quade", at(12));
    await w.say("/flightdeck no-go wrong base", "mona", at(12, 5));
    await w.settle();
    await w.push(SHA2, at(12, 30));
    await w.push(SHA1, at(13), { force: true });
    expect(w.title(SHA1)).toBe("No-go: 1/2 qa approvals; no-go from mona: wrong base");
    await w.say("/flightdeck withdraw", "mona", at(14));
    await w.say("/flightdeck go", "quade", at(14, 1));
    await w.settle();
    expect(w.gate(SHA1)[0]?.conclusion).toBe("success");
  });

  it("reads all of 300 commands on one pull request (two GraphQL pages) with the latest word winning", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    for (let i = 0; i < 300; i++) {
      const who = ["quade", "mona", "quinn"][i % 3] as string;
      const body =
        who === "mona" ? (i % 2 ? "/flightdeck withdraw" : "/flightdeck no-go not yet") : "/flightdeck go";
      w.fake.addComment(w.pr.number, body, who, {
        createdAt: `2026-11-20T11:${String(Math.floor(i / 6)).padStart(2, "0")}:${String((i % 6) * 10).padStart(2, "0")}Z`,
      });
    }
    const before = w.served.calls.length;
    await w.deliver(
      "check_run",
      checkRunEvent("requested_action", "Flightdeck Go/No-Go", w.pr, "reevaluate"),
    );
    await w.settle();
    const graphql = w.served.calls.slice(before).filter((c) => c.startsWith("graphql:"));
    expect(graphql).toEqual(["graphql:GatePullRequest", "graphql:GatePullRequestMore"]);
    // mona's 100 commands end with index 298: a no-go (even) — so it stands.
    expect(w.title()).toBe("No-go: no-go from mona: not yet");
    w.fake.addComment(w.pr.number, "/flightdeck withdraw", "mona", { createdAt: at(12) });
    await w.deliver(
      "check_run",
      checkRunEvent("requested_action", "Flightdeck Go/No-Go", w.pr, "reevaluate"),
    );
    await w.settle();
    expect(w.gate()[0]?.conclusion).toBe("success");
    expect(w.served.violations).toEqual([]);
  });

  it("ends in the state both of two concurrent commands ask for, with one check run", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    await Promise.all([w.say("/flightdeck go", "quade", at(12)), w.say("/flightdeck go", "quinn", at(12))]);
    await w.settle();
    expect(w.gate()).toHaveLength(1);
    expect(w.gate()[0]?.conclusion).toBe("success");
  });

  it("never counts edited comments, commands in code blocks, or approvals by the author, committers and bots", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    w.fake.push(w.pull, SHA2, at(10, 30), { commit: { coAuthors: ["quade"] } });
    await w.publishQa(95, at(10, 40));
    const add = (body: string, who: string, extra = {}) =>
      w.fake.addComment(w.pr.number, body, who, { createdAt: at(12), ...extra });
    add("/flightdeck go", "quinn", { lastEditedAt: at(12, 30) });
    add("/flightdeck go", "quinn", { includesCreatedEdit: true });
    add("```\n/flightdeck go\n```", "quinn");
    add("> /flightdeck go", "quinn");
    add("/flightdeck go", "dev");
    add("/flightdeck go", "quade");
    add("/flightdeck go", "flightdeck-helper[bot]");
    w.fake.addReview(w.pr.number, "dev", "APPROVED", SHA2, at(12));
    w.fake.addReview(w.pr.number, "quade", "APPROVED", SHA2, at(12));
    await w.deliver(
      "check_run",
      checkRunEvent("requested_action", "Flightdeck Go/No-Go", { ...w.pr, headSha: SHA2 }, "reevaluate"),
    );
    await w.settle();
    expect(w.title(SHA2)).toBe("No-go: 0/2 qa approvals");
  });

  it("never counts an approval by whoever force-pushed the head, even onto someone else's commit", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    await w.push(SHA2, at(10, 30));
    // quade (a qa member with write access) force-pushes the branch back to dev's SHA1 ...
    w.fake.push(w.pull, SHA1, at(11), { force: true, by: "quade" });
    await w.publishQa(95, at(11, 10));
    // ... and approves it: their own push, so it does not count; quinn's does.
    await w.say("/flightdeck go", "quade", at(12));
    await w.say("/flightdeck go", "quinn", at(12, 1));
    await w.settle();
    expect(w.title(SHA1)).toBe("No-go: 1/2 qa approvals");
  });

  it("drops a no-go whose comment was edited afterwards, re-evaluating on the edit", async () => {
    const w = await gateWorld();
    await w.publishQa(95, at(10));
    w.fake.addReview(w.pr.number, "quinn", "APPROVED", SHA1, at(11));
    await w.say("/flightdeck go", "quade", at(12));
    await w.say("/flightdeck no-go hold on", "mona", at(12, 1));
    await w.settle();
    expect(w.title()).toBe("No-go: no-go from mona: hold on");
    const comment = w.fake.comments.find((c) => c.body === "/flightdeck no-go hold on");
    if (!comment) throw new Error("no comment");
    comment.body = "/flightdeck no-go hold on (fixed typo)";
    comment.lastEditedAt = at(12, 30);
    const edited = prComment(w.pr, comment.body, "mona", at(12, 1));
    edited.action = "edited";
    edited.changes = { body: { from: "/flightdeck no-go hold on" } };
    await w.deliver("issue_comment", edited);
    await w.settle();
    expect(w.gate()[0]?.conclusion).toBe("success");
  });
});
