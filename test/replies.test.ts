import { describe, expect, it } from "vitest";
import { replyMarker } from "../src/markers.js";
import { appHarness, visible } from "./support/app-harness.js";
import type { FakeGitHub } from "./support/fake-github.js";
import { commentCreated, WORLD } from "./support/webhooks.js";

// Every reply Flightdeck posts is posted once per cause, however often its job runs: GitHub
// carries out a POST whose answer is lost (502), the job is retried, and the retry finds the
// reply by its hidden marker instead of posting it again.

/** Makes GitHub create the next `count` comments but lose its answers (502), as a flaky proxy would. */
function loseCommentAnswers(fake: FakeGitHub, count = 1): { lost: () => number } {
  const rest = fake.rest.bind(fake);
  let lost = 0;
  fake.rest = (method, path, body) => {
    const out = rest(method, path, body);
    if (lost < count && method === "POST" && /\/issues\/\d+\/comments$/.test(path) && out.status === 201) {
      lost++;
      return { status: 502, body: { message: "Server Error" } };
    }
    return out;
  };
  return { lost: () => lost };
}

const CASES: Array<{ name: string; command: string; sender: string; labels?: string[]; text: RegExp }> = [
  {
    name: "not an epic yet",
    command: "/flightdeck plan",
    sender: WORLD.maintainer,
    labels: [],
    text: /^This issue is not an epic yet/,
  },
  { name: "help", command: "/flightdeck help", sender: WORLD.maintainer, text: /- `\/flightdeck apply` — / },
  {
    name: "an unknown command",
    command: "/flightdeck frobnicate",
    sender: WORLD.maintainer,
    text: /^Unknown command/,
  },
  {
    name: "apply without a preview",
    command: "/flightdeck apply",
    sender: WORLD.maintainer,
    text: /^There is no Flightdeck plan preview/,
  },
  {
    name: "a launch refusal",
    command: "/flightdeck launch v9",
    sender: "wendy",
    labels: [],
    text: /^Only release managers/,
  },
  {
    name: "the launch usage",
    command: "/flightdeck launch",
    sender: "devon",
    labels: [],
    text: /^Usage: `\/flightdeck launch/,
  },
  {
    name: "a started launch",
    command: "/flightdeck launch v1.4.0",
    sender: "devon",
    labels: [],
    text: /^🚀 Launch of v1\.4\.0 started/,
  },
];

describe("reply comments", () => {
  for (const c of CASES) {
    it(`posts ${c.name} once when GitHub's answer to the post is lost and the job is retried`, async () => {
      const h = await appHarness({ config: "team:\n  devops: [devon]\n", routes: ["GET", "POST"] });
      h.fake.addUser("devon", "write");
      h.fake.addUser("wendy", "write");
      const faults = loseCommentAnswers(h.fake);
      await h.comment(c.command, c.sender, c.labels);
      await h.settle();
      expect(faults.lost()).toBe(1);
      const replies = h.botComments().filter((b) => c.text.test(visible(b.body) ?? ""));
      expect(replies).toHaveLength(1);
      // The marker names the command comment, and nothing else was posted.
      expect(replies[0]?.body).toMatch(/\n\n<!-- flightdeck:reply to=comment-\d+ -->$/);
      expect(h.botComments()).toHaveLength(1);
      expect(await h.queue.failed()).toEqual([]);
      h.done();
    });
  }

  it("answers two commands with two replies (one per command comment)", async () => {
    const h = await appHarness({ routes: ["GET", "POST"] });
    await h.comment("/flightdeck help", WORLD.maintainer);
    await h.comment("/flightdeck help", WORLD.maintainer);
    await h.settle();
    expect(h.botComments()).toHaveLength(2);
    h.done();
  });

  it("reads reply markers only from this App's comments", async () => {
    const h = await appHarness({ routes: ["GET", "POST"] });
    // Someone pastes the reply marker of the coming command comment into their own comment.
    h.fake.addComment(h.epic.number, `${replyMarker("comment-777")}`, WORLD.outsider);
    const issue = { number: h.epic.number, body: "", labels: ["epic"] };
    await h.deliver("issue_comment", commentCreated(issue, "/flightdeck help", WORLD.maintainer, 777));
    await h.settle();
    expect(h.botComments()).toHaveLength(1);
    h.done();
  });
});
