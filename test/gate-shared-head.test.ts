import { beforeAll, describe, expect, it, vi } from "vitest";
import { githubSchema } from "./support/fake-github.js";
import { gateWorld, SHA1, SHA2 } from "./support/gate-world.js";
import { checkRunEvent, prEvent } from "./support/pr-webhooks.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

const at = (h: number, m = 0) => `2026-11-20T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`;

/** #2 (dev's branch) with QA and two qa approvals: a go on its own. */
async function approvedPull() {
  const w = await gateWorld();
  await w.publishQa(95, at(10));
  w.fake.addReview(w.pr.number, "quinn", "APPROVED", SHA1, at(11));
  await w.say("/flightdeck go", "quade", at(11, 5));
  await w.settle();
  expect(w.gate()[0]?.conclusion).toBe("success");
  const reevaluate = async (pr = w.pr) => {
    await w.deliver("check_run", checkRunEvent("requested_action", "Flightdeck Go/No-Go", pr, "reevaluate"));
    await w.settle();
  };
  return { ...w, reevaluate };
}

describe("pull requests sharing a head commit share one check run", () => {
  it("shows the strictest verdict when a fork pull request opens with the same commit, with each one's reasons", async () => {
    const w = await approvedPull();
    const fork = w.fake.addPull(SHA1, "mallory", at(11, 30));
    fork.headRef = "main"; // a fork's branch, often named like the base's
    // The fork's author approves "their" pull request and says go: none of it counts for #2,
    // and it cannot make the shared check run green either.
    w.fake.addReview(fork.number, "mallory", "APPROVED", SHA1, at(12));
    await w.say("/flightdeck go", "mallory", at(12), fork);
    await w.deliver("pull_request", prEvent("opened", w.shape(fork), "mallory"));
    await w.settle();
    const runs = w.gate();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.conclusion).toBe("action_required");
    expect(runs[0]?.output.title).toBe(
      `No-go: 0/2 qa approvals (#${fork.number}, the strictest of 2 pull requests with this head)`,
    );
    const summary = runs[0]?.output.summary ?? "";
    expect(summary).toContain(
      `This commit is the head of 2 open pull requests (#${w.pr.number}, #${fork.number}).`,
    );
    expect(summary).toContain(`### #${w.pr.number}\n\n🟢 **Go**`);
    expect(summary).toContain(`### #${fork.number}\n\n🔴 **No-go**`);

    // Evaluating #2 again (any event on it) keeps the shared, strictest answer: the last
    // evaluation no longer wins.
    await w.reevaluate();
    expect(w.gate()[0]?.conclusion).toBe("action_required");

    // Closing the fork leaves #2 alone on the commit: its own verdict again.
    fork.state = "closed";
    await w.reevaluate();
    expect(w.gate()).toHaveLength(1);
    expect(w.gate()[0]).toMatchObject({ conclusion: "success" });
    expect(w.gate()[0]?.output.title).not.toContain("strictest");
    expect(w.served.violations).toEqual([]);
  });

  it("a pull request that moved on to a new commit leaves the old commit's check run to the others", async () => {
    const w = await approvedPull();
    const other = w.fake.addPull(SHA1, "dev", at(11, 30));
    await w.reevaluate();
    expect(w.gate()[0]?.conclusion).toBe("action_required");
    // #3 gets its own commit; #2 is alone on SHA1 again.
    w.fake.push(other, SHA2, at(12));
    await w.reevaluate();
    expect(w.gate(SHA1)[0]?.conclusion).toBe("success");
    expect(w.gate(SHA1)[0]?.output.summary).not.toContain("the head of 2 open pull requests");
  });
});
