import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { parseTaskMarker } from "../src/markers.js";
import { appHarness, TEAM_CONFIG } from "./support/app-harness.js";
import { BOT, type FakeGitHub, type FakeIssue } from "./support/fake-github.js";
import { dependencyEvent, issueEdited, issueEvent, subIssueEvent } from "./support/progress-webhooks.js";
import { WORLD } from "./support/webhooks.js";

type Harness = Awaited<ReturnType<typeof appHarness>>;

/** An epic applied through the app (label, tick), then Mission Control written after apply. */
async function appliedEpic(options: { progressDelayMs?: number } = {}) {
  const h = await appHarness({ config: TEAM_CONFIG, ...options });
  await h.label(WORLD.maintainer);
  await h.settle();
  await h.tick(WORLD.maintainer);
  await h.settle();
  const task = (key: string) =>
    h.fake.children(h.epic.number).find((c) => parseTaskMarker(c.body)?.key === key) as FakeIssue;
  return { ...h, task };
}

const epicBody = (h: Harness) => h.fake.issues.get(h.epic.number)?.body ?? "";
const section = (h: Harness) => {
  const body = epicBody(h);
  return body.slice(
    body.indexOf("<!-- flightdeck:progress:start -->"),
    body.indexOf("<!-- flightdeck:progress:end -->"),
  );
};
/** This App's handoff comments on a task (its role agent's brief is another comment). */
const commentsOn = (fake: FakeGitHub, issue: FakeIssue) =>
  fake.comments.filter(
    (c) => c.issue === issue.number && c.author === BOT && !c.body.includes("<!-- flightdeck:brief"),
  );
const epicEdits = (h: Harness) => h.fake.log.filter((r) => r.operation === "MissionControl").length;

let current: Harness | undefined;
afterEach(() => {
  current?.done();
  current = undefined;
});

describe("Mission Control on the epic", () => {
  it("replaces the task list at apply with live progress, a forecast and a gantt, keeping the epic's own text", async () => {
    const h = await appliedEpic();
    current = h;
    const s = section(h);
    expect(s).toContain("### 🛰️ Mission Control: 0 of 12 tasks done (0 %), 0 of 27 h (0 %)");
    expect(s).toMatch(/- \*\*Forecast:\*\* finish \d{4}-\d{2}-\d{2}, on the original forecast/);
    expect(s).toContain("- **Velocity:** 0 h closed per week since 2025-01-06");
    expect(s).toMatch(/- \*\*Critical path:\*\* #\d+ 🔄 → #\d+ ⛔ → /);
    expect(s).toContain("```mermaid\ngantt\n  dateFormat YYYY-MM-DD");
    expect(s).toContain("excludes weekends");
    expect(s).toMatch(/<!-- flightdeck:baseline [A-Za-z0-9+/=]+ sig=[0-9a-f]{64} -->/);
    // Tasks assigned at apply are in progress; those with an open blocker are blocked.
    const t2 = h.task("T2");
    expect(s).toMatch(
      new RegExp(
        `- \\[ \\] #${t2.number} · backend · \\d+ h · P\\d · \\w+ — blocked by #${h.task("T1").number} since today`,
      ),
    );
    // What the maintainer wrote is untouched.
    expect(epicBody(h).startsWith(h.body.trimEnd())).toBe(true);
  });

  it("a closed task hands over to every task it unblocks, once, mentioning only the assignee on record", async () => {
    const h = await appliedEpic();
    current = h;
    const t1 = h.task("T1");
    const pr = h.fake.addPull("a".repeat(40), "alice");
    h.fake.clock = "2025-01-07T10:00:00Z";
    h.fake.closeIssue(t1.number, { pull: pr.number });
    const closed = issueEvent("closed", t1, "alice");
    await h.deliver("issues", closed);
    await h.settle();
    for (const key of ["T2", "T10", "T11"]) {
      const t = h.task(key);
      const mine = commentsOn(h.fake, t);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.body).toContain(
        `🔓 #${t1.number} closed by #${pr.number} — #${t.number} is unblocked.`,
      );
      const who = t.assignees.map((a) => `@${a}`).join(" ");
      expect(mine[0]?.body).toContain(who ? `${who}: #${t.number} is yours` : "no one is assigned yet");
    }
    // Tasks still blocked by something else hear nothing.
    expect(commentsOn(h.fake, h.task("T3"))).toHaveLength(0);
    expect(section(h)).toContain("1 of 12 tasks done");
    expect(section(h)).toMatch(new RegExp(`- \\[x\\] #${t1.number} · .* — closed 2025-01-07`));
    // Redelivery, and the same close seen again later: no second comment, no second edit.
    const edits = epicEdits(h);
    await h.deliver("issues", closed);
    await h.probot.receive({ id: randomUUID(), name: "issues", payload: closed } as never);
    await h.settle();
    expect(commentsOn(h.fake, h.task("T2"))).toHaveLength(1);
    expect(epicEdits(h)).toBe(edits);
  });

  it("a reopened blocker tells the blocked task, and removing the last blocker by hand unblocks it", async () => {
    const h = await appliedEpic();
    current = h;
    const [t1, t2, t3] = [h.task("T1"), h.task("T2"), h.task("T3")];
    h.fake.clock = "2025-01-07T10:00:00Z";
    h.fake.closeIssue(t1.number);
    await h.deliver("issues", issueEvent("closed", t1, "alice"));
    await h.settle();
    h.fake.clock = "2025-01-07T11:00:00Z";
    h.fake.reopenIssue(t1.number);
    await h.deliver("issues", issueEvent("reopened", t1, "mona"));
    await h.settle();
    const again = commentsOn(h.fake, t2).at(-1)?.body ?? "";
    expect(again).toContain(
      `⛔ #${t1.number} was reopened — #${t2.number} is blocked again (open blockers: #${t1.number}).`,
    );
    expect(section(h)).toMatch(new RegExp(`#${t2.number} .* — blocked by #${t1.number}`));
    // T3 is blocked by T2 only: removing that link by hand unblocks it.
    h.fake.clock = "2025-01-07T12:00:00Z";
    h.fake.link(t3.number, t2.number, false);
    await h.deliver("issue_dependencies", dependencyEvent("blocked_by_removed", t3, t2, WORLD.maintainer));
    await h.deliver("issue_dependencies", dependencyEvent("blocking_removed", t3, t2, WORLD.maintainer));
    await h.settle();
    const handoff = commentsOn(h.fake, t3);
    expect(handoff).toHaveLength(1);
    expect(handoff[0]?.body).toContain(
      `🔓 #${t2.number} no longer blocks #${t3.number} (the dependency was removed) — #${t3.number} is unblocked.`,
    );
  });

  it("takes sub-issues and blocked-by links added by hand into the epic's state", async () => {
    const h = await appliedEpic();
    current = h;
    const extra = h.fake.addIssue("Hand-made: load test @bob #3", "by hand", WORLD.maintainer);
    extra.labels = ["role: qa"];
    extra.parent = h.epic.number;
    h.fake.issues.get(h.epic.number)?.subIssues.push(extra.number);
    await h.deliver("sub_issues", subIssueEvent("sub_issue_added", h.epic, extra, WORLD.maintainer));
    await h.settle();
    expect(section(h)).toContain("0 of 13 tasks done");
    expect(section(h)).toContain(`- [ ] #${extra.number} · qa · 4 h (default estimate)`);
    // Its title reaches the gantt only sanitized (no mention, no reference).
    expect(section(h)).toContain(`#${extra.number} Hand-made load test @\u200bbob 3`);
    h.fake.link(extra.number, h.task("T8").number);
    await h.deliver(
      "issue_dependencies",
      dependencyEvent("blocked_by_added", extra, h.task("T8"), WORLD.maintainer),
    );
    await h.settle();
    expect(section(h)).toMatch(new RegExp(`#${extra.number} · qa .* — blocked by #${h.task("T8").number}`));
  });

  it("never overwrites the epic outside its section, even when a person edits it while a refresh runs", async () => {
    const h = await appliedEpic();
    current = h;
    const epic = h.fake.issues.get(h.epic.number) as FakeIssue;
    // A plain edit outside the section, then a refresh: kept.
    const before = epic.body;
    h.fake.clock = "2025-01-07T09:00:00Z";
    h.fake.editBody(
      epic.number,
      before.replace("# Epic: Usage-based billing", "# Epic: Usage-based billing (v2)"),
      "mona",
    );
    await h.deliver("issues", issueEdited(epic, before, "mona"));
    await h.settle();
    expect(epic.body).toContain("# Epic: Usage-based billing (v2)");
    // A concurrent edit: the person saves between the refresh's read and its write.
    const t1 = h.task("T1");
    h.fake.clock = "2025-01-07T10:00:00Z";
    h.fake.closeIssue(t1.number);
    let edited: { from: string } | undefined;
    h.fake.beforeUpdateIssue = (issue) => {
      if (edited || issue.number !== epic.number) return;
      edited = { from: issue.body };
      h.fake.editBody(epic.number, issue.body.replace("(v2)", "(v3, edited concurrently)"), "mona");
    };
    await h.deliver("issues", issueEvent("closed", t1, "alice"));
    await h.settle();
    expect(epic.body).not.toContain("(v3"); // the refresh's write landed on top of it…
    h.fake.beforeUpdateIssue = undefined;
    h.fake.clock = "2025-01-07T10:00:05Z";
    await h.deliver(
      "issues",
      issueEdited(
        {
          ...epic,
          body: (edited?.from ?? "").replace("(v2)", "(v3, edited concurrently)"),
          lastEditedAt: "2025-01-07T10:00:00Z",
        },
        edited?.from ?? "",
        "mona",
      ),
    );
    await h.settle();
    // …and the person's edit event puts it back, with the section current.
    expect(epic.body).toContain("# Epic: Usage-based billing (v3, edited concurrently)");
    expect(epic.body).toContain("1 of 12 tasks done");
    expect(epic.body.split("<!-- flightdeck:progress:start -->")).toHaveLength(2);
  });

  it("coalesces a burst of closes into at most two epic edits", async () => {
    const h = await appliedEpic({ progressDelayMs: 40 });
    current = h;
    const start = epicEdits(h);
    const tasks = h.fake.children(h.epic.number);
    h.fake.clock = "2025-01-08T10:00:00Z";
    for (const t of tasks) {
      h.fake.closeIssue(t.number);
      await h.deliver("issues", issueEvent("closed", t, "alice"));
      await new Promise((r) => setTimeout(r, 5));
    }
    await h.settle();
    expect(epicEdits(h) - start).toBeLessThanOrEqual(2);
    expect(section(h)).toContain("12 of 12 tasks done (100 %), 27 of 27 h (100 %)");
  });
});
