import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import {
  epicSourceHash,
  parseTaskMarker,
  planHash,
  replaceSection,
  sealPlan,
  splitSeal,
  unsealPlan,
} from "../../src/markers.js";
import { planFromMarkdown } from "../../src/planner/deterministic.js";
import { renderPreview } from "../../src/planner/preview.js";
import { applyCost, reconcile, taskBody } from "../../src/planner/reconcile.js";
import { schedulePlan } from "../../src/planner/schedule.js";
import { type Plan, validatePlan } from "../../src/planner/schema.js";

const plan: Plan = validatePlan(
  {
    tasks: [
      {
        key: "T1",
        title: "API | endpoints for @octocat",
        role: "backend",
        estimateHours: 3,
        priority: "P0",
        acceptanceCriteria: ["cc @org/team please"],
        dependsOn: [],
      },
      {
        key: "T2",
        title: 'UI "quotes" <b>',
        role: "frontend",
        estimateHours: 2,
        priority: "P1",
        acceptanceCriteria: ["works"],
        dependsOn: ["T1"],
      },
    ],
    notes: ["Assumed @someone is on call"],
  },
  30,
);
const empty = {
  epic: { id: "I_1", number: 7, body: "" },
  subIssues: [],
  labels: new Map(),
  users: new Map(),
};

describe("plan preview", () => {
  const schedule = schedulePlan(plan, {
    team: {},
    hoursPerWeek: 30,
    people: {},
    workdays: ["mon", "tue", "wed", "thu", "fri"],
    start: new Date("2025-03-03T00:00:00Z"),
  });
  const rec = reconcile(plan, empty, DEFAULT_CONFIG.labels, {});
  const text = renderPreview({
    epic: 7,
    plan,
    schedule,
    cost: applyCost(rec),
    reconcile: rec,
    start: "2025-03-03",
    sealed: sealPlan({ plan, source: "abc", repository: "acme/app", epic: 7 }, "k"),
  });

  it("shows the table, graph, critical path, forecast, cost, writes and how to confirm", () => {
    expect(text).toContain("<!-- flightdeck:preview epic=7 -->");
    expect(text).toContain("## 🛫 Flightdeck plan for #7: 2 tasks, 5 h");
    expect(text).toContain('| T2 | UI "quotes" <\u200bb> | frontend | 2 h | P1 | T1 | — |');
    expect(text).toContain("  n_T1 --> n_T2");
    expect(text).toContain('n_T2["T2: UI #quot;quotes#quot; #lt;b#gt;"]');
    expect(text).toContain("**Critical path:** T1 → T2 (5 h)");
    expect(text).toContain("**Forecast:** 2025-03-03 (1 working day from 2025-03-03)");
    expect(text).toContain("**Planner:** deterministic planner (no LLM), $0");
    expect(text).toContain("**Applying will make:** 2 sub-issues, 1 blocked-by dependency, 4 new labels");
    expect(text).toContain("in 5 GitHub API requests");
    expect(text).toContain(
      "- [ ] **Apply this plan** — tick to create the sub-issues (needs write access) <!-- flightdeck:confirm -->",
    );
    expect(text).toContain("`/flightdeck apply`");
  });

  it("shows the month's budget line only when a monthly budget is set", () => {
    expect(text).not.toContain("**Budget:**");
    const withBudget = renderPreview({
      epic: 7,
      plan,
      schedule,
      cost: applyCost(rec),
      reconcile: rec,
      start: "2025-03-03",
      budget: {
        month: "2025-03",
        spentUsd: 4.2,
        limitUsd: 20,
        previewUsd: 0.0123,
        epic: { spentUsd: 0.5, limitUsd: 2 },
      },
    });
    expect(withBudget).toContain(
      "**Budget:** LLM spend 2025-03 $4.20 of $20.00 (21 %, budget.monthlyUsd) before this preview; this epic $0.50 of $2.00 (budget.perEpicUsd); this preview cost $0.0123.",
    );
  });

  it("escapes table separators and never @-mentions anyone from untrusted text", () => {
    expect(text).toContain("API \\| endpoints for @\u200boctocat");
    expect(text).toContain("cc @\u200borg/team please");
    expect(text).toContain("Assumed @\u200bsomeone");
    expect(text).not.toMatch(/(^|[^\u200b\w])@(octocat|org|someone)\b/m);
    expect(taskBody(7, plan.tasks[0] as Plan["tasks"][0])).toContain("- [ ] cc @\u200borg/team please");
  });
});

describe("big plan preview", () => {
  it("collapses details of a 100-task plan to fit GitHub's 65,536-character comment", () => {
    const big = validatePlan(
      {
        tasks: Array.from({ length: 100 }, (_, i) => ({
          key: `T${i + 1}`,
          title: `Deliverable ${i + 1}: ${"a long task title ".repeat(6)}`,
          role: "backend",
          estimateHours: 4,
          priority: "P1",
          acceptanceCriteria: Array.from({ length: 10 }, (_, j) => `Criterion ${j}: ${"detail ".repeat(40)}`),
          dependsOn: i ? [`T${i}`] : [],
        })),
      },
      100,
    );
    const sched = schedulePlan(big, {
      team: {},
      hoursPerWeek: 30,
      people: {},
      workdays: ["mon", "tue", "wed", "thu", "fri"],
      start: new Date("2025-03-03T00:00:00Z"),
    });
    const r = reconcile(big, empty, DEFAULT_CONFIG.labels, {});
    const input = {
      epic: 7,
      plan: big,
      schedule: sched,
      cost: applyCost(r),
      reconcile: r,
      start: "2025-03-03",
    };
    expect(renderPreview(input).length).toBeGreaterThan(65_536);
    const fitted = renderPreview({ ...input, maxChars: 65_536 });
    expect(fitted.length).toBeLessThanOrEqual(65_536);
    expect(fitted).toContain("| T100 |");
    expect(fitted).toContain("Details are collapsed to fit GitHub's 65,536-character comment limit");
  });
});

describe("markers", () => {
  it("round-trips a signed plan and rejects a tampered one", () => {
    const sealed = { plan, source: "abc", repository: "acme/app", epic: 7, assignees: { T1: "alice" } };
    const here = { repository: "acme/app", epic: 7 };
    const marker = sealPlan(sealed, "secret");
    expect(marker.slice(4, -3)).not.toContain("-");
    const ok = unsealPlan(`intro\n${marker}\n`, "secret", here);
    expect(ok).toEqual({ ok: true, sealed });
    expect(unsealPlan(marker, "other-secret", here)).toEqual({
      ok: false,
      error: "the plan in the preview comment was modified after Flightdeck wrote it",
    });
    const forged = sealPlan({ ...sealed, assignees: { T1: "mallory" } }, "guess").replace(
      /sig=\w+/,
      marker.match(/sig=\w+/)?.[0] ?? "",
    );
    expect(unsealPlan(forged, "secret", here).ok).toBe(false);
    expect(unsealPlan("no plan here", "secret", here)).toEqual({
      ok: false,
      error: "the preview comment holds no plan",
    });
    expect(planHash(sealed)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("compresses the seal, splits one too large for a comment, and still reads the old form", () => {
    const sealed = { plan, source: "abc", repository: "acme/app", epic: 7 };
    const here = { repository: "acme/app", epic: 7 };
    expect(sealPlan(sealed, "k")).toMatch(
      /^<!-- flightdeck:plan deflate:[A-Za-z0-9+/=]+ sig=[0-9a-f]{64} -->$/,
    );
    const split = splitSeal(sealed, "k", 100);
    expect(split.parts.length).toBeGreaterThan(1);
    expect(split.header).toMatch(
      new RegExp(`^<!-- flightdeck:plan parts=${split.parts.length} sig=[0-9a-f]{64} -->$`),
    );
    const bodies = split.parts.map((p) => p.body).reverse();
    expect(unsealPlan(`preview\n${split.header}`, "k", here, bodies)).toEqual({ ok: true, sealed });
    expect(unsealPlan(split.header, "k", here, bodies.slice(1))).toEqual({
      ok: false,
      error: `part ${split.parts.length} of ${split.parts.length} of the plan is missing from the epic's comments`,
    });
    // A preview posted before seals were compressed still applies.
    const payload = Buffer.from(JSON.stringify(sealed)).toString("base64");
    const old = `<!-- flightdeck:plan ${payload} sig=${createHmac("sha256", "k").update(payload).digest("hex")} -->`;
    expect(unsealPlan(old, "k", here)).toEqual({ ok: true, sealed });
  });

  it("parses task markers and keeps the epic hash stable across progress-section writes", () => {
    expect(parseTaskMarker("x\n<!-- flightdeck:task epic=12 key=M6-T001 -->")).toEqual({
      epic: 12,
      key: "M6-T001",
    });
    expect(parseTaskMarker("<!-- flightdeck:task epic=12 key=bad key -->")).toBeUndefined();
    const body = "# Epic\r\nDo things.\n";
    const withProgress = replaceSection(body, "### progress\n- [ ] #2");
    expect(withProgress).toContain(
      "<!-- flightdeck:progress:start -->\n### progress\n- [ ] #2\n<!-- flightdeck:progress:end -->",
    );
    expect(replaceSection(withProgress, "### new")).not.toContain("#2");
    expect(epicSourceHash(withProgress)).toBe(epicSourceHash(body));
    expect(epicSourceHash(`${body}\nMore scope.`)).not.toBe(epicSourceHash(body));
  });
});

describe("how the plan was derived", () => {
  const derived = planFromMarkdown(
    "# Shop\n## Features\n### Catalogue\n- Browse products\n### Checkout\n- Pay by card\n## Dependencies\n- Checkout requires the catalogue.\n",
    { maxTasks: 30, defaultEstimateHours: 4 },
  );
  const sched = schedulePlan(derived, {
    team: {},
    hoursPerWeek: 30,
    people: {},
    workdays: ["mon", "tue", "wed", "thu", "fri"],
    start: new Date("2025-03-03T00:00:00Z"),
  });
  const r = reconcile(derived, empty, DEFAULT_CONFIG.labels, {});
  const input = {
    epic: 7,
    plan: derived,
    schedule: sched,
    cost: applyCost(r),
    reconcile: r,
    start: "2025-03-03",
  };

  it("explains the bases of estimates and where each dependency came from", () => {
    const text = renderPreview(input);
    expect(text).toContain("<details><summary>How this plan was derived</summary>");
    expect(text).toContain("- **T1**: 6 h — from its 1 requirement");
    expect(text).toContain("- **T2**: 6 h — from its 1 requirement; after T1 (stated in the text)");
  });

  it("shows Claude's cost estimate with its worst case and what the input figure rests on", () => {
    const llmPlan = {
      ...derived,
      source: { planner: "llm" as const, model: "claude-sonnet-5-5", costUsd: 0.01 },
    };
    const text = renderPreview({
      ...input,
      plan: llmPlan,
      estimatedCostUsd: 0.02,
      worstCaseCostUsd: 0.09,
      costBasis: "2000 input tokens counted by the API",
    });
    expect(text).toContain(
      "**Planner:** Claude `claude-sonnet-5-5` — estimated $0.0200 (worst case $0.0900) from 2000 input tokens counted by the API before the run, actual $0.0100",
    );
    expect(text).toContain("Claude decomposed the epic");
  });
});
