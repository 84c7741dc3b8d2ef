import { readFileSync } from "node:fs";
import { parse as parseGraphql, validate } from "graphql";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { parse as parseYaml } from "yaml";
import { createApp } from "../src/app.js";
import { EPIC_TASKS_QUERY, readEpicTasks } from "../src/github/epic-tasks.js";
import { ISSUE_EPICS_QUERY } from "../src/github/issue-epics.js";
import { missionControlMutation } from "../src/github/mission-control.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import { appHarness, TEAM_CONFIG } from "./support/app-harness.js";
import { APP_ID, BOT, GITHUB_ACTIONS_APP, githubSchema } from "./support/fake-github.js";
import { gateWorld } from "./support/gate-world.js";
import { testOctokit } from "./support/octokit.js";
import { checkRunRerequested, checkSuiteRerequested, issueEvent } from "./support/progress-webhooks.js";
import { WORLD } from "./support/webhooks.js";

beforeAll(() => {
  githubSchema();
}, 120_000);
vi.setConfig({ testTimeout: 60_000 });

describe("events and handlers", () => {
  it("every event app.yml subscribes to has a handler", () => {
    const manifest = parseYaml(readFileSync(new URL("../app.yml", import.meta.url), "utf8")) as {
      default_events: string[];
    };
    const handled = new Set<string>();
    const app = {
      on: (names: string | string[]) => {
        for (const n of [names].flat()) handled.add(n.split(".")[0] as string);
      },
      log: { child: () => app.log, info() {}, warn() {}, error() {} },
      auth: async () => ({}),
    };
    createApp({ secret: "s", appId: APP_ID, queue: new EmbeddedQueue(), workers: false, sweepIntervalMs: 0 })(
      app as never,
    );
    expect(manifest.default_events.filter((e) => !handled.has(e))).toEqual([]);
  });

  it("GitHub's Re-run on this App's Go/No-Go re-evaluates the gate; another App's run, never", async () => {
    const w = await gateWorld();
    await w.deliver(
      "pull_request",
      (await import("./support/pr-webhooks.js")).prEvent("opened", w.pr, "dev"),
    );
    await w.settle();
    expect(w.gate()).toHaveLength(1);
    const requests = () => w.fake.log.length;
    let before = requests();
    await w.deliver(
      "check_run",
      checkRunRerequested("Flightdeck Go/No-Go", w.pr.headSha, GITHUB_ACTIONS_APP.id, w.pr.number),
    );
    await w.deliver("check_suite", checkSuiteRerequested(w.pr.headSha, GITHUB_ACTIONS_APP.id, w.pr.number));
    await w.settle();
    expect(requests()).toBe(before);
    before = requests();
    await w.deliver(
      "check_run",
      checkRunRerequested("Flightdeck Go/No-Go", w.pr.headSha, APP_ID, w.pr.number),
    );
    await w.settle();
    expect(requests()).toBeGreaterThan(before);
    before = requests();
    await w.deliver("check_suite", checkSuiteRerequested(w.pr.headSha, APP_ID, w.pr.number));
    await w.settle();
    expect(requests()).toBeGreaterThan(before);
    expect(w.gate()).toHaveLength(1);
    expect(w.served.violations).toEqual([]);
  });

  it("an issue Flightdeck did not create is looked up: closing a hand-made sub-issue moves its epic", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    await h.label(WORLD.maintainer);
    await h.settle();
    await h.tick(WORLD.maintainer);
    await h.settle();
    const extra = h.fake.addIssue("Hand-made task", "", WORLD.maintainer);
    extra.parent = h.epic.number;
    h.fake.issues.get(h.epic.number)?.subIssues.push(extra.number);
    h.fake.clock = "2025-01-07T10:00:00Z";
    h.fake.closeIssue(extra.number);
    await h.deliver("issues", issueEvent("closed", extra, WORLD.maintainer));
    await h.settle();
    const body = h.fake.issues.get(h.epic.number)?.body ?? "";
    expect(body).toContain("1 of 13 tasks done");
    expect(h.served.calls).toContain("graphql:IssueEpics");
    // An issue outside any epic costs the one lookup and writes nothing.
    const lone = h.fake.addIssue("Unrelated", "", WORLD.maintainer);
    h.fake.closeIssue(lone.number);
    const writes = h.fake.writeCount;
    await h.deliver("issues", issueEvent("closed", lone, WORLD.maintainer));
    await h.settle();
    expect(h.fake.writeCount).toBe(writes);
    h.done();
  });

  it("a forged task marker in someone else's issue is not read; an issue that is no epic is left alone", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    const forged = h.fake.addIssue(
      "Forged",
      `<!-- flightdeck:task epic=${h.epic.number} key=T1 -->`,
      WORLD.outsider,
    );
    h.fake.closeIssue(forged.number);
    await h.deliver("issues", issueEvent("closed", forged, WORLD.outsider));
    await h.settle();
    // Looked up (not trusted), found in no epic: nothing written.
    expect(h.served.calls).toContain("graphql:IssueEpics");
    expect(h.fake.writeCount).toBe(0);
    expect(h.fake.comments.filter((c) => c.author === BOT)).toEqual([]);
    expect(h.served.violations).toEqual([]);
  });
});

describe("Mission Control's GraphQL documents against GitHub's public schema", () => {
  const docs: Record<string, string> = {
    epicTasks: EPIC_TASKS_QUERY,
    issueEpics: ISSUE_EPICS_QUERY,
    bodyAndComments: missionControlMutation(3, true),
    bodyOnly: missionControlMutation(0, true),
    commentsOnly: missionControlMutation(2, false),
  };
  for (const [name, doc] of Object.entries(docs)) {
    it(`${name} is valid`, () => {
      expect(validate(githubSchema(), parseGraphql(doc)).map((e) => e.message)).toEqual([]);
    });
  }

  it("says which issue is missing", async () => {
    const h = await appHarness();
    await expect(
      readEpicTasks(testOctokit(), { owner: WORLD.owner, repo: WORLD.repo, epic: 999 }),
    ).rejects.toThrow("Issue #999 was not found in octo-org/launchpad.");
    expect(h.served.violations).toEqual([]);
  });
});
