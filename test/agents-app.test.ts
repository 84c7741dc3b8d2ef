import { readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { ledgerMarker, spendMarker } from "../src/budget/ledger.js";
import { anthropicClient } from "../src/llm/anthropic.js";
import { parseTaskMarker } from "../src/markers.js";
import type { LlmClient } from "../src/planner/llm.js";
import { appHarness, TEAM_CONFIG, visible } from "./support/app-harness.js";
import { BOT } from "./support/fake-github.js";
import { gateWorld } from "./support/gate-world.js";
import { commentCreated, WORLD } from "./support/webhooks.js";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/anthropic/${name}.json`, import.meta.url), "utf8"));

const PERSONA_CONFIG = "team:\n  backend: [alice, bob]\n  qa: { members: [quinn], agent: { name: Quinn } }\n";

/**
 * An LLM client whose planner calls fail (the planner falls back to the deterministic plan) and
 * whose agent calls go to the Messages API, intercepted by nock with recorded answers.
 */
function agentLlm(): LlmClient {
  const claude = anthropicClient("sk-ant-test", { maxRetries: 0 });
  return {
    createMessage: (request) =>
      request.tools?.length
        ? Promise.reject(new Error("planner offline in this test"))
        : claude.createMessage(request),
  };
}

/** Intercepts POST /v1/messages `times` times with one recorded answer, recording the bodies. */
function anthropic(name: string, times: number) {
  const bodies: Array<Record<string, any>> = [];
  const scope = nock("https://api.anthropic.com")
    .post("/v1/messages")
    .times(times)
    .reply(200, (_uri, body) => {
      bodies.push(body as Record<string, any>);
      return fixture(name);
    });
  return { scope, bodies };
}

async function applied(options: Parameters<typeof appHarness>[0]) {
  const h = await appHarness({ routes: ["graphql", "GET", "POST"], ...options });
  await h.label(WORLD.maintainer);
  await h.settle();
  await h.tick(WORLD.maintainer);
  await h.settle();
  const tasks = h.fake.children(h.epic.number);
  const briefsOf = (n: number) =>
    h.fake.comments.filter(
      (c) => c.issue === n && c.author === BOT && c.body.includes("<!-- flightdeck:brief"),
    );
  let nextComment = 8_100_000_001;
  const onTask = (n: number, body: string, sender: string) => {
    const t = h.fake.issues.get(n);
    return h.deliver(
      "issue_comment",
      commentCreated(
        { number: n, body: t?.body ?? "", labels: t?.labels ?? [] },
        body,
        sender,
        nextComment++,
      ),
    );
  };
  return { ...h, tasks, briefsOf, onTask };
}

describe("role agents brief every task at apply", () => {
  it("posts one deterministic brief per sub-issue, once, in the role and persona configured", async () => {
    const h = await applied({ config: PERSONA_CONFIG });
    expect(h.tasks).toHaveLength(12);
    for (const t of h.tasks) {
      const briefs = h.briefsOf(t.number);
      expect(briefs).toHaveLength(1);
      const key = parseTaskMarker(t.body)?.key;
      expect(briefs[0]?.body.split("\n")[0]).toBe(
        `<!-- flightdeck:brief epic=${h.epic.number} key=${key} -->`,
      );
      expect(briefs[0]?.body).toContain(`of epic #${h.epic.number}`);
      expect(briefs[0]?.body).toContain("#### Acceptance criteria\n- [ ] ");
    }
    const qa = h.tasks.find((t) => t.labels.includes("role: qa"));
    const qaBrief = h.briefsOf(qa?.number ?? 0)[0]?.body ?? "";
    expect(qaBrief).toContain("### 🧑‍🚀 Quinn (QA agent) — opening brief");
    expect(qaBrief).toMatch(/#### Test plan\n- \[ \] \*\*P[012]\*\* C1: /);
    expect(qaBrief).toContain("- **Load test:**");
    const backend = h.briefsOf(h.tasks.find((t) => t.labels.includes("role: backend"))?.number ?? 0)[0]?.body;
    expect(backend).toContain("### 🧑‍🚀 Backend agent — opening brief");
    expect(backend).toContain("- **API contract:**");

    // Applying again (and a redelivered confirmation) posts no second brief.
    const writes = h.fake.writeCount;
    await h.comment("/flightdeck apply", WORLD.maintainer);
    await h.settle();
    expect(h.fake.writeCount).toBe(writes + 1); // the 👀 reaction only
    h.done();
  });

  it("`/flightdeck brief` in a task refreshes its brief; nobody without write access is heard", async () => {
    const h = await applied({ config: PERSONA_CONFIG });
    const task = h.tasks[0]?.number ?? 0;
    let writes = h.fake.writeCount;
    await h.onTask(task, "/flightdeck brief", WORLD.outsider);
    await h.settle();
    expect(h.fake.writeCount).toBe(writes);
    await h.onTask(task, "/flightdeck brief", WORLD.maintainer);
    await h.settle();
    expect(h.briefsOf(task)).toHaveLength(1);
    expect(h.fake.writeCount).toBe(writes + 1); // 👀; the brief is already current
    // In the epic itself (not a task): says where it works.
    writes = h.fake.writeCount;
    await h.comment("/flightdeck brief", WORLD.maintainer);
    await h.settle();
    expect(visible(h.botComments().at(-1)?.body)).toBe(
      "`/flightdeck brief` works in the tasks Flightdeck created from an epic's plan; this issue is not one of them.",
    );
    h.done();
  });
});

describe("`/flightdeck ask <role> <question>`", () => {
  it("without an LLM says so and gives the facts; a bad role gets the usage; answers are rate-limited", async () => {
    const h = await applied({ config: TEAM_CONFIG });
    const task = h.tasks[1]?.number ?? 0;
    await h.onTask(task, "/flightdeck ask wizard what now?", WORLD.maintainer);
    await h.settle();
    expect(h.botComments().at(-1)?.body).toMatch(
      /^"wizard" is not a role\. Usage: `\/flightdeck ask <role> <question>`/,
    );
    await h.onTask(
      task,
      "/flightdeck ask qa what should the test plan cover? @everyone #1",
      WORLD.maintainer,
    );
    await h.settle();
    const answer = h.botComments().at(-1)?.body ?? "";
    expect(answer).toContain("### 💬 QA agent");
    expect(answer).toContain("> what should the test plan cover? @\u200beveryone #\u200b1");
    expect(answer).toContain("I can't answer in words: no LLM is configured (ANTHROPIC_API_KEY is not set).");
    expect(answer).toMatch(new RegExp(`- \\*\\*Plan:\\*\\* task T\\d+ of epic #${h.epic.number}`));
    expect(answer).toContain("- **Blocked by:**");
    // Three answers per person and thread per hour; the fourth gets one notice, the fifth nothing.
    await h.onTask(task, "/flightdeck ask backend and the API?", WORLD.maintainer);
    await h.onTask(task, "/flightdeck ask devops and the rollout?", WORLD.maintainer);
    await h.settle();
    const before = h.botComments().length;
    await h.onTask(task, "/flightdeck ask product scope?", WORLD.maintainer);
    await h.onTask(task, "/flightdeck ask design mockups?", WORLD.maintainer);
    await h.settle();
    const after = h
      .botComments()
      .slice(before)
      .map((c) => c.body);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain(
      "No answer: you had 3 agent answers in this thread in the last hour (the limit per person and thread). Ask again later.",
    );
    h.done();
  });

  it("in a pull request gives the diff summary and this App's gate evidence", async () => {
    const w = await gateWorld();
    await w.publishQa(90, "2026-11-20T10:00:00Z");
    const writes = w.fake.writeCount;
    await w.say("/flightdeck ask devops can we ship?", WORLD.outsider);
    await w.settle();
    expect(w.fake.writeCount).toBe(writes); // no write access: not heard
    await w.say("/flightdeck ask devops can we ship?", WORLD.maintainer);
    await w.settle();
    const answer = w.botComments().at(-1)?.body ?? "";
    expect(answer).toContain("### 💬 DevOps agent");
    expect(answer).toContain("- **Status:** pull request open");
    expect(answer).toContain("- **Diff:** 1 files, +3 −1");
    expect(answer).toMatch(/- \*\*Go\/No-Go:\*\* action_required — /);
  });
});

describe("with Claude, within the budget", () => {
  it("writes each brief in role, sanitized, with its cost; records the spend; alerts at 80 %", async () => {
    const { scope, bodies } = anthropic("agent-brief", 12);
    const h = await applied({
      config: `${PERSONA_CONFIG}budget:\n  monthlyUsd: 0.085\n  owners: [mona]\n`,
      llm: agentLlm(),
    });
    expect(scope.isDone()).toBe(true);
    // The facts went as one JSON string; bounded output.
    expect(bodies[0]?.max_tokens).toBe(1200);
    const data = JSON.parse(String(bodies[0]?.messages?.[0]?.content ?? "").replace(/^[^{]*/, ""));
    expect(data.task.acceptanceCriteria.length).toBeGreaterThan(0);
    const brief = h.briefsOf(h.tasks[0]?.number ?? 0)[0]?.body ?? "";
    expect(brief).toContain("- **P0** Invoices total the metered usage of the period");
    expect(brief).toContain("/\u200bflightdeck go");
    expect(brief).toContain("cc @\u200bsomeone and close #\u200b12");
    expect(brief).toContain("<\u200b!-- flightdeck:task epic=1 key=T9 -->");
    expect(brief).toContain("Written by Claude (claude-sonnet-5-5) from the plan's facts; cost $0.0058.");
    // The ledger: one issue for the month, created once, by this App, with the label.
    const ledgers = [...h.fake.issues.values()].filter((i) => i.body.includes(ledgerMarker("2025-01")));
    expect(ledgers).toHaveLength(1);
    expect(ledgers[0]?.labels).toEqual(["flightdeck: spend"]);
    const ledgerComments = h.fake.comments.filter((c) => c.issue === ledgers[0]?.number).map((c) => c.body);
    expect(ledgerComments).toHaveLength(2);
    expect(ledgerComments[0]).toContain("LLM spend 2025-01: $0.0696 of $0.0850 (82 %)");
    expect(ledgerComments[1]).toMatch(
      /^<!-- flightdeck:budget-alert month=2025-01 kind=80 -->\n@mona ⚠️ \*\*80 %/,
    );

    // ask, in a task: Claude answers from the thread's context, sanitized, with its cost.
    const ask = anthropic("agent-answer", 1);
    await h.onTask(h.tasks[0]?.number ?? 0, "/flightdeck ask qa are we covered?", WORLD.maintainer);
    await h.settle();
    expect(ask.scope.isDone()).toBe(true);
    const answer = h.botComments().find((c) => c.body.includes("<!-- flightdeck:answer"))?.body ?? "";
    expect(answer).toContain("@\u200bsomeone can /\u200bflightdeck go once it is green — see #\u200b12.");
    expect(answer).toContain("Answered by Claude (claude-sonnet-5-5); cost $0.0059.");
    const askData = JSON.parse(String(ask.bodies[0]?.messages?.[0]?.content ?? "").replace(/^[^{]*/, ""));
    expect(askData.question).toBe("are we covered?");
    expect(askData.thread.recentComments.length).toBeGreaterThan(0);
    h.done();
  });

  it("over budget: the planner and ask run the deterministic path, saying why", async () => {
    const h = await appHarness({
      config: `${TEAM_CONFIG}budget:\n  monthlyUsd: 0.5\n`,
      llm: agentLlm(),
      routes: ["graphql", "GET", "POST"],
    });
    const ledger = h.fake.addIssue("Flightdeck LLM spend 2025-01", `${ledgerMarker("2025-01")}\n`, BOT);
    ledger.labels = ["flightdeck: spend"];
    const entry = {
      at: "2025-01-03T10:00:00.000Z",
      usd: 0.6,
      model: "claude-sonnet-5-5",
      inputTokens: 1,
      outputTokens: 1,
      purpose: "plan",
    };
    h.fake.addComment(ledger.number, spendMarker({ id: "old", entries: [entry] }), BOT);
    // A forged record by someone else is not part of the ledger (it would not change the outcome here).
    h.fake.addComment(
      ledger.number,
      spendMarker({ id: "forged", entries: [{ ...entry, usd: -0 }] }),
      WORLD.outsider,
    );
    await h.label(WORLD.maintainer);
    await h.settle();
    expect(h.preview()?.body).toContain(
      "Claude did not plan this epic: this month's LLM budget is spent ($0.60 of $0.50, budget.monthlyUsd). This is the deterministic plan.",
    );
    // The month's budget line, read from the ledger (the forged record does not count).
    expect(h.preview()?.body).toContain(
      "**Budget:** LLM spend 2025-01 $0.60 of $0.50 (120 %, budget.monthlyUsd) before this preview; this preview cost $0.0000. LLM features are stopped: this month's LLM budget is spent",
    );
    await h.comment("/flightdeck ask product is the scope right?", WORLD.maintainer);
    await h.settle();
    expect(h.botComments().at(-1)?.body).toContain(
      "I can't answer in words: this month's LLM budget is spent ($0.60 of $0.50, budget.monthlyUsd).",
    );
    // In an epic, the facts are its plan.
    expect(h.botComments().at(-1)?.body).toContain(
      "- **Plan:** 12 tasks (27 h), 0 sub-issues created; critical path T1 → ",
    );
    h.done();
  });
});
