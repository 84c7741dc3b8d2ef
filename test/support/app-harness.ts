import { randomUUID } from "node:crypto";
import { Probot } from "probot";
import { expect } from "vitest";
import { createApp } from "../../src/app.js";
import { flightdeckOctokitClass } from "../../src/github/octokit.js";
import { EmbeddedQueue } from "../../src/jobs/embedded-queue.js";
import type { DeterministicPlanner } from "../../src/planner/index.js";
import type { LlmClient } from "../../src/planner/llm.js";
import { epicWorld } from "./epic-world.js";
import { BOT, FLIGHTDECK_APP } from "./fake-github.js";
import { type Route, serveGitHub } from "./nock-github.js";
import { commentCreated, commentEdited, issuesLabeled, WORLD } from "./webhooks.js";

export const TEAM_CONFIG = "team:\n  backend: [alice, bob]\n  qa: [quinn]\n";

/** A reply as people read it: without the hidden reply marker it ends with (see test/replies.test.ts). */
export const visible = (body: string | undefined): string | undefined =>
  body?.replace(/\n\n<!-- flightdeck:reply to=[A-Za-z0-9._-]+ -->$/, "");

/**
 * The Flightdeck app in a real Probot instance, receiving real (retargeted) webhook payloads and
 * talking through nock to a fake GitHub. `settle()` waits for the queued jobs.
 */
export async function appHarness(
  options: {
    config?: string;
    llm?: LlmClient;
    routes?: Route[];
    now?: string;
    progressDelayMs?: number;
    planner?: DeterministicPlanner;
  } = {},
) {
  const world = epicWorld();
  const { fake, epic } = world;
  fake.addUser(WORLD.maintainer, "admin");
  fake.addUser(WORLD.outsider);
  fake.addUser("tracy", "triage");
  if (options.config !== undefined) fake.files.set(".github/flightdeck.yml", options.config);
  const served = serveGitHub(fake, options.routes ?? ["graphql", "GET", "POST"]);
  const queue = new EmbeddedQueue({ sleep: async () => {} });
  const probot = new Probot({
    githubToken: "ghs_test",
    Octokit: flightdeckOctokitClass({ throttle: false }),
    logLevel: "fatal",
  });
  await probot.load(
    createApp({
      secret: "test-secret",
      appId: FLIGHTDECK_APP.id,
      queue,
      now: () => new Date(options.now ?? "2025-01-06T09:00:00Z"),
      applyTiming: { sleep: async () => {} },
      progressDelayMs: options.progressDelayMs ?? 0,
      ...(options.llm ? { llm: options.llm } : {}),
      ...(options.planner ? { planner: options.planner } : {}),
    }),
  );
  const issue = () => ({
    number: epic.number,
    title: fake.issues.get(epic.number)?.title ?? "",
    body: fake.issues.get(epic.number)?.body ?? "",
    labels: ["epic"],
  });
  const deliver = (
    name:
      | "issues"
      | "issue_comment"
      | "pull_request"
      | "pull_request_review"
      | "check_run"
      | "deployment_status"
      | "check_suite"
      | "sub_issues"
      | "issue_dependencies"
      | "code_scanning_alert"
      | "dependabot_alert"
      | "secret_scanning_alert"
      | "milestone",
    payload: Record<string, unknown>,
  ) => probot.receive({ id: randomUUID(), name, payload } as never);
  let nextCommentId = 501;
  const preview = () =>
    fake.comments.find((c) => c.author === BOT && c.body.includes("<!-- flightdeck:preview"));
  return {
    ...world,
    served,
    queue,
    probot,
    settle: () => queue.onIdle(),
    deliver,
    preview,
    label: (sender: string, label = "epic") =>
      deliver("issues", issuesLabeled({ ...issue(), labels: [] }, label, sender)),
    /** A new comment by `sender`; each gets its own id, as on GitHub (replies are once per comment). */
    comment: (body: string, sender: string, labels = ["epic"]) =>
      deliver("issue_comment", commentCreated({ ...issue(), labels }, body, sender, nextCommentId++)),
    /** Ticks the preview's checkbox as `sender` (GitHub edits the comment, then sends the event). */
    tick: (sender: string) => {
      const c = preview();
      if (!c) throw new Error("no preview to tick");
      const from = c.body;
      c.body = from.replace("- [ ] **Apply this plan**", "- [x] **Apply this plan**");
      return deliver("issue_comment", commentEdited(issue(), from, c.body, sender, c.databaseId));
    },
    botComments: () => fake.comments.filter((c) => c.author === BOT),
    /** Every request matched GitHub's contracts and every interceptor was used. */
    done: () => {
      expect(served.violations).toEqual([]);
      expect(served.scope.isDone()).toBe(true);
    },
  };
}
