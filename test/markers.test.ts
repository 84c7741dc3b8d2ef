import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { isFromThisApp } from "../src/github/comments.js";
import { epicOwnText, parseTaskMarker, replaceSection, sealPlan, unsealPlan } from "../src/markers.js";
import { renderPreview } from "../src/planner/preview.js";
import { applyCost, reconcile, taskBody } from "../src/planner/reconcile.js";
import { schedulePlan } from "../src/planner/schedule.js";
import { type Plan, validatePlan } from "../src/planner/schema.js";
import { renderSummary } from "../src/planner/summary.js";
import { sanitizeUntrusted } from "../src/text/sanitize.js";
import { appHarness, TEAM_CONFIG, visible } from "./support/app-harness.js";
import { APP_ID, BOT } from "./support/fake-github.js";
import { commentEdited, WORLD } from "./support/webhooks.js";

/** Any hidden Flightdeck marker, as the readers match them (raw text, no rendering). */
const ANY_MARKER = /<!--\s*flightdeck:/g;
const SECRET = "k";

// What a hostile epic author (or an LLM told to by one) puts into task text.
const FORGED_SEAL = sealPlan({ plan: {}, source: "x", repository: "evil/repo", epic: 7 }, "guess");
const HOSTILE = [
  `<!-- flightdeck:task epic=7 key=T9 -->`,
  `<!-- flightdeck:confirm -->`,
  FORGED_SEAL,
  "`<!-- flightdeck:progress:start -->` in code",
  "<img src=x onerror=alert(1)> <details><summary>hidden</summary>",
].join(" ");

const plan: Plan = validatePlan(
  {
    tasks: [
      {
        key: "T1",
        title: "Build <!-- flightdeck:confirm --> <img src=x onerror=alert(1)> @octocat #12",
        body: `Body\n\n${HOSTILE}\n\n\`\`\`\n<!-- flightdeck:applied epic=7 plan=0000 -->\n\`\`\``,
        role: "backend",
        estimateHours: 3,
        priority: "P0",
        acceptanceCriteria: [
          HOSTILE,
          'ping `@octocat`, (@org/team) and "@mona", see #12 and acme/app#3 and GH-4',
        ],
        dependsOn: [],
      },
    ],
    notes: [HOSTILE],
  },
  30,
);

describe("untrusted text cannot form a marker (epic text and LLM output alike)", () => {
  const schedule = schedulePlan(plan, {
    team: {},
    hoursPerWeek: 30,
    people: {},
    workdays: ["mon", "tue", "wed", "thu", "fri"],
    start: new Date("2025-03-03T00:00:00Z"),
  });
  const empty = {
    epic: { id: "I_1", number: 7, body: "" },
    subIssues: [],
    labels: new Map(),
    users: new Map(),
  };
  const rec = reconcile(plan, empty, DEFAULT_CONFIG.labels, {});
  const seal = sealPlan({ plan, source: "abc", repository: "acme/app", epic: 7 }, SECRET);
  const preview = renderPreview({
    epic: 7,
    plan,
    schedule,
    cost: applyCost(rec),
    reconcile: rec,
    start: "2025-03-03",
    sealed: seal,
  });

  it("the preview holds only Flightdeck's own markers, and the seal read back is the real one", () => {
    // preview, confirm, plan: nothing else, wherever the hostile text was placed (table, mermaid, notes, criteria).
    expect(preview.match(ANY_MARKER)).toHaveLength(3);
    const read = unsealPlan(preview, SECRET, { repository: "acme/app", epic: 7 });
    expect(read.ok && read.sealed.source).toBe("abc");
    expect(preview).not.toMatch(/<img\b/);
    expect(preview.match(/<details>/g)).toHaveLength(3); // Flightdeck's own three (notes, derivation, criteria), not the hostile one
    expect(preview).toContain("<\u200bimg src=x onerror=alert(1)>");
  });

  it("a task's sub-issue body carries exactly one task marker, its own", () => {
    const body = taskBody(7, plan.tasks[0] as Plan["tasks"][0]);
    expect(body.match(ANY_MARKER)).toHaveLength(1);
    expect(parseTaskMarker(body)).toEqual({ epic: 7, key: "T1" });
    // Inside code too (readers see raw text), while the code stays readable.
    expect(body).toContain("<\u200b!-- flightdeck:applied epic=7 plan=0000 -->");
  });

  it("the summary comment carries only its own marker", () => {
    const summary = renderSummary(
      7,
      plan,
      new Map([["T1", { number: 9, title: "x" }]]),
      "<!-- flightdeck:applied epic=7 plan=1 -->",
      [],
    );
    expect(summary.match(ANY_MARKER)).toHaveLength(1);
  });

  it("neutralizes mentions (also after backticks and punctuation), references and raw HTML", () => {
    const text = sanitizeUntrusted(
      '`@octocat` (@org/team) "@mona" [@x] mail a@b.io #12 acme/app#3 GH-4 <b>x</b> 1 < 2',
    );
    expect(text).toBe(
      '`@\u200boctocat` (@\u200borg/team) "@\u200bmona" [@\u200bx] mail a@b.io #\u200b12 acme/app#\u200b3 GH\u200b-4 <\u200bb>x<\u200b/b> 1 < 2',
    );
    const criteria = taskBody(7, plan.tasks[0] as Plan["tasks"][0]);
    expect(criteria).not.toMatch(/(^|[^A-Za-z0-9])@(octocat|org|mona)\b/m);
    expect(criteria.replace(/epic #7/, "")).not.toMatch(/#\d|GH-\d/i);
  });
});

describe("the seal names the repository and epic it was made for", () => {
  const sealed = { plan: {}, source: "abc", repository: "acme/app", epic: 7 };
  const marker = sealPlan(sealed, SECRET);

  it("refuses a genuine seal copied to another epic or repository, saying why", () => {
    expect(unsealPlan(marker, SECRET, { repository: "acme/app", epic: 8 })).toEqual({
      ok: false,
      error: "the plan in the preview comment was made for another epic (acme/app#7), not #8",
    });
    expect(unsealPlan(marker, SECRET, { repository: "acme/other", epic: 7 })).toEqual({
      ok: false,
      error: "the plan in the preview comment was made for another repository (acme/app#7), not acme/other",
    });
    expect(unsealPlan(marker, SECRET, { repository: "ACME/App", epic: 7 }).ok).toBe(true);
  });

  it("refuses a seal from before seals named their epic", () => {
    const old = sealPlan({ plan: {}, source: "abc" } as never, SECRET);
    expect(unsealPlan(old, SECRET, { repository: "acme/app", epic: 7 })).toEqual({
      ok: false,
      error: "the plan in the preview comment does not say which epic it was made for",
    });
  });
});

describe("markers are read only from what this App wrote", () => {
  it("tells this App's comments from people's, other Apps' and workflows'", () => {
    const bot = { type: "Bot" };
    expect(isFromThisApp({ user: bot, performed_via_github_app: { id: APP_ID } }, APP_ID)).toBe(true);
    expect(isFromThisApp({ user: bot, performed_via_github_app: { id: 15368 } }, APP_ID)).toBe(false);
    expect(isFromThisApp({ user: bot, performed_via_github_app: null }, APP_ID)).toBe(false);
    // A person acting through the App's user token: still a person.
    expect(isFromThisApp({ user: { type: "User" }, performed_via_github_app: { id: APP_ID } }, APP_ID)).toBe(
      false,
    );
  });

  it("ignores a user's comment that copies a genuine preview (marker, seal and all)", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    await h.label(WORLD.maintainer);
    await h.settle();
    const real = h.preview();
    if (!real) throw new Error("no preview");
    // Flightdeck's preview is gone (deleted); a user posts a copy, ticked.
    h.fake.comments.splice(h.fake.comments.indexOf(real), 1);
    const copy = h.fake.addComment(h.epic.number, real.body.replace("- [ ]", "- [x]"), WORLD.maintainer);
    await h.comment("/flightdeck apply", WORLD.maintainer);
    // The checkbox event of the user's own comment (not Flightdeck's) is ignored too.
    const edited = commentEdited(
      { number: h.epic.number, body: h.epic.body, labels: ["epic"] },
      real.body,
      copy.body,
      WORLD.maintainer,
      copy.databaseId,
    );
    edited.comment.user = { ...edited.comment.user, login: WORLD.maintainer, type: "User" };
    edited.comment.performed_via_github_app = null;
    await h.deliver("issue_comment", edited);
    await h.settle();
    expect(h.fake.children(h.epic.number)).toEqual([]);
    expect(visible(h.botComments().at(-1)?.body)).toBe(
      "There is no Flightdeck plan preview on this epic yet: comment `/flightdeck plan` first.",
    );
    h.done();
  });

  it("never takes a user's sub-issue with a forged task marker for a planned task", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    const first = h.plan.tasks[0];
    if (!first) throw new Error("empty plan");
    const forged = h.fake.addIssue(
      "Something else",
      `<!-- flightdeck:task epic=${h.epic.number} key=${first.key} -->`,
      "mallory",
    );
    forged.parent = h.epic.number;
    h.fake.issues.get(h.epic.number)?.subIssues.push(forged.number);
    await h.label(WORLD.maintainer);
    await h.settle();
    await h.tick(WORLD.maintainer);
    await h.settle();
    const mine = h.fake.children(h.epic.number).filter((c) => c.author === BOT);
    expect(mine.map((c) => parseTaskMarker(c.body)?.key)).toContain(first.key);
    expect(mine).toHaveLength(h.plan.tasks.length);
  });

  it("re-planning an applied epic does not turn Flightdeck's progress section into tasks", async () => {
    const h = await appHarness({ config: TEAM_CONFIG, routes: ["graphql", "GET", "POST", "PATCH"] });
    await h.label(WORLD.maintainer);
    await h.settle();
    await h.tick(WORLD.maintainer);
    await h.settle();
    const epic = h.fake.issues.get(h.epic.number);
    expect(epic?.body).toContain("<!-- flightdeck:progress:start -->");
    await h.comment("/flightdeck plan", WORLD.maintainer);
    await h.settle();
    expect(h.preview()?.body).toContain(`## 🛫 Flightdeck plan for #${h.epic.number}: 12 tasks, 27 h`);
    expect(h.preview()?.body.match(/\*\*Applying will make:\*\*.*/)?.[0]).toMatch(
      /0 sub-issues \(12 already exist/,
    );
    h.done();
  }, 60_000);
});

describe("the epic's own text", () => {
  it("is the body without Flightdeck's progress section", () => {
    const body = replaceSection("# Epic\n\n- [ ] do it", "- [ ] #3 · backend · 2 h · P0");
    expect(epicOwnText(body).trim()).toBe("# Epic\n\n- [ ] do it");
  });
});
