import { beforeAll, describe, expect, it, vi } from "vitest";
import { reportCheckOutput } from "../src/reports/publish.js";
import { githubSchema } from "./support/fake-github.js";
import { GATE_CONFIG, gateWorld, SHA1, SHA2, stampedQa } from "./support/gate-world.js";
import { checkRunEvent, prEvent, reviewSubmitted } from "./support/pr-webhooks.js";
import { commentEdited, WORLD } from "./support/webhooks.js";

// GitHub's GraphQL schema (1.4 MB) is built once per file, outside the tests' time limits; each
// test runs whole webhook-to-check-run flows, which take seconds on a loaded 2-core machine.
beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

describe("pull-request go/no-go check run", () => {
  it("goes red → yellow → green as the QA report and approvals arrive, with the reasons shown", async () => {
    const w = await gateWorld();
    await w.deliver("pull_request", prEvent("opened", w.pr, "dev"));
    await w.settle();
    expect(w.gate()).toHaveLength(1);
    expect(w.gate()[0]).toMatchObject({ status: "completed", conclusion: "failure", app: { id: 4242 } });
    expect(w.title()).toBe(
      "No-go: no QA report for 1111111 yet (run the Flightdeck QA action on this commit); 0/2 qa approvals",
    );
    expect(w.gate()[0]?.actions).toEqual([
      { label: "Re-evaluate", description: "Evaluate the go/no-go gate again", identifier: "reevaluate" },
    ]);

    await w.publishQa(78.4, "2026-11-20T10:00:00Z");
    expect(w.gate()[0]).toMatchObject({
      conclusion: "action_required",
      output: { title: "No-go: 0/2 qa approvals" },
    });

    w.fake.addReview(w.pr.number, "quinn", "APPROVED", SHA1, "2026-11-20T11:00:00Z");
    await w.deliver("pull_request_review", reviewSubmitted(w.pr, "quinn", "approved", SHA1));
    await w.say("/flightdeck go", "quade");
    await w.settle();
    expect(w.gate()[0]).toMatchObject({
      conclusion: "neutral",
      output: { title: "Go with warnings: lines coverage 78.4% < 80%" },
    });
    expect(w.gate()[0]?.output.summary).toContain("| ⚠️ | lines coverage | ≥ 80% | 78.4% | warning |");

    await w.publishQa(91, "2026-11-20T12:30:00Z");
    expect(w.gate()[0]).toMatchObject({
      conclusion: "success",
      output: { title: "Go: every criterion is met" },
    });
    expect(w.gate()).toHaveLength(1);

    // Redelivery and the Re-evaluate button with nothing new: no write.
    const writes = w.fake.writeCount;
    await w.deliver(
      "check_run",
      checkRunEvent("requested_action", "Flightdeck Go/No-Go", w.pr, "reevaluate"),
    );
    await w.settle();
    expect(w.fake.writeCount).toBe(writes);
    w.done();
  });

  it("makes approvals stale on push and keeps a no-go until its author withdraws it", async () => {
    const w = await gateWorld();
    await w.publishQa(95, "2026-11-20T10:00:00Z");
    w.fake.addReview(w.pr.number, "quinn", "APPROVED", SHA1, "2026-11-20T11:00:00Z");
    await w.say("/flightdeck go", "quade");
    await w.say("/flightdeck no-go migration is not reversible", "mona", "2026-11-20T12:05:00Z");
    await w.settle();
    expect(w.title()).toBe("No-go: no-go from mona: migration is not reversible");

    await w.push(SHA2, "2026-11-20T12:30:00Z");
    await w.publishQa(95, "2026-11-20T13:00:00Z");
    expect(w.title(SHA2)).toBe("No-go: 0/2 qa approvals; no-go from mona: migration is not reversible");

    await w.say("/flightdeck withdraw", "mona", "2026-11-20T14:00:00Z");
    w.fake.addReview(w.pr.number, "quinn", "APPROVED", SHA2, "2026-11-20T14:01:00Z");
    await w.say("/flightdeck go", "quade", "2026-11-20T14:02:00Z");
    await w.settle();
    expect(w.gate(SHA2)[0]?.conclusion).toBe("success");
    w.done();
  });
});

describe("gate authorization", () => {
  it("ignores the author's own approval, commands from users without write access, and edited comments", async () => {
    const w = await gateWorld();
    await w.publishQa(95, "2026-11-20T10:00:00Z");
    const before = w.fake.writeCount;
    // Without write access: no reaction, no check run update — no writes at all.
    await w.say("/flightdeck go", WORLD.outsider);
    const edited = commentEdited(
      { number: w.pr.number, body: "", labels: [] },
      "lgtm",
      "/flightdeck go",
      "quinn",
    );
    edited.comment.user = { ...edited.comment.user, login: "quinn", type: "User" };
    await w.deliver("issue_comment", edited);
    await w.settle();
    expect(w.fake.writeCount).toBe(before);

    // The author is in the qa role and approves their own pull request: it does not count.
    w.fake.addReview(w.pr.number, "dev", "APPROVED", SHA1, "2026-11-20T11:00:00Z");
    await w.say("/flightdeck go", "dev");
    await w.settle();
    expect(w.title()).toBe("No-go: 0/2 qa approvals");
    expect(w.served.violations).toEqual([]);
  });

  it("evaluates pull requests from forks, found by commit because GitHub omits them from check_run", async () => {
    const w = await gateWorld();
    w.addQaRun(SHA1, reportCheckOutput(stampedQa(SHA1, 95, 5551)), "2026-11-20T10:00:00Z", { runId: 5551 });
    await w.deliver("check_run", checkRunEvent("completed", "Flightdeck QA", { ...w.pr, fork: true }));
    await w.settle();
    expect(w.title()).toBe("No-go: 0/2 qa approvals");
    expect(w.served.calls).toContain("repos/list-pull-requests-associated-with-commit");
    expect(w.served.violations).toEqual([]);
  });

  it("fails the gate with the config problem when .github/flightdeck.yml is invalid", async () => {
    const w = await gateWorld("gates:\n  pullRequest:\n    approvals:\n      - { role: wizard }\n");
    await w.deliver("pull_request", prEvent("opened", w.pr, "dev"));
    await w.settle();
    expect(w.gate()[0]).toMatchObject({
      conclusion: "failure",
      output: { title: "Invalid .github/flightdeck.yml: no verdict" },
    });
    expect(w.gate()[0]?.output.summary).toContain(
      "`.github/flightdeck.yml` line 4, `gates.pullRequest.approvals.0.role`: Invalid option",
    );
    expect(GATE_CONFIG).toContain("qa");
  });

  it("still posts its red check run when the config is a YAML alias bomb", async () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const n of [0, 1, 2, 3, 4])
      rows.push(
        `${"bcdef"[n]}: &${"bcdef"[n]} [${Array(9)
          .fill(`*${n === 0 ? "a" : "bcdef"[n - 1]}`)
          .join(",")}]`,
      );
    const w = await gateWorld(`${rows.join("\n")}\n`);
    await w.deliver("pull_request", prEvent("opened", w.pr, "dev"));
    await w.settle();
    expect(w.gate()[0]).toMatchObject({
      conclusion: "failure",
      output: { title: "Invalid .github/flightdeck.yml: no verdict" },
    });
    expect(w.gate()[0]?.output.summary).toContain("YAML could not be read: Excessive alias count");
  });
});

describe("gate evidence problems", () => {
  it("names an unreadable QA report instead of calling it missing", async () => {
    const w = await gateWorld();
    w.addQaRun(SHA1, {
      title: "hand-made",
      summary: "",
      text: "<!-- flightdeck:report eyJub3QiOiJhIHJlcG9ydCJ9 -->",
    });
    await w.deliver("check_run", checkRunEvent("completed", "Flightdeck QA", w.pr));
    await w.settle();
    expect(w.gate()[0]).toMatchObject({ conclusion: "failure" });
    expect(w.title()).toMatch(
      /^No-go: the Flightdeck QA check run on 1111111 holds no readable report \(the check run's report is not a flightdeck\.report\/v1 report: /,
    );
  });
});
