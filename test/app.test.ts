import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { appHarness, TEAM_CONFIG, visible } from "./support/app-harness.js";
import { expectConverged } from "./support/epic-world.js";
import { commentEdited, WORLD } from "./support/webhooks.js";

describe("epic → preview → confirmation → native sub-issues", () => {
  it("previews on the epic label, applies on the checkbox, and converges exactly once", async () => {
    const h = await appHarness({ config: TEAM_CONFIG, routes: ["graphql", "GET", "POST"] });
    await h.label(WORLD.maintainer);
    await h.settle();
    expect(h.fake.children(h.epic.number)).toEqual([]);
    const preview = h.preview();
    expect(h.botComments()).toHaveLength(1);
    expect(preview?.body).toContain(`## 🛫 Flightdeck plan for #${h.epic.number}: 12 tasks, 27 h`);
    expect(preview?.body).toContain(
      "| T1 | Scaffold the billing service | backend | 2 h | P0 | — | `alice` |",
    );
    expect(preview?.body).toContain(
      "**Applying will make:** 12 sub-issues, 11 blocked-by dependencies, 6 new labels",
    );
    expect(preview?.body).toMatch(/<!-- flightdeck:plan (deflate:)?[A-Za-z0-9+/=]+ sig=[0-9a-f]{64} -->/);

    // Redelivery of the same event: the preview is already current, so nothing is written.
    const writes = h.fake.writeCount;
    await h.label(WORLD.maintainer);
    await h.settle();
    expect(h.fake.writeCount).toBe(writes);

    await h.tick(WORLD.maintainer);
    await h.settle();
    expectConverged(h.fake, h.epic.number, h.plan);
    const child = h.fake.children(h.epic.number).find((c) => c.title === "Scaffold the billing service");
    expect(child?.assignees).toEqual(["alice"]);
    h.done();
  });

  it("applies once when the checkbox and `/flightdeck apply` arrive together (and again later)", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    await h.label(WORLD.maintainer);
    await h.settle();
    await Promise.all([
      h.tick(WORLD.maintainer),
      h.comment("/flightdeck apply", "alice"),
      h.comment("/flightdeck apply", WORLD.maintainer),
    ]);
    await h.settle();
    expectConverged(h.fake, h.epic.number, h.plan);
    const writes = h.fake.writeCount;
    await h.comment("/flightdeck apply", WORLD.maintainer);
    await h.settle();
    // Only the 👀 reaction acknowledging the command is new.
    expect(h.fake.writeCount).toBe(writes + 1);
    h.done();
  });
});

describe("authorization", () => {
  it("ignores the epic label, commands and the checkbox from users without write access", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    await h.label(WORLD.outsider);
    await h.label("tracy"); // triage is not enough
    await h.comment("/flightdeck plan", WORLD.outsider);
    await h.settle();
    expect(h.fake.writeCount).toBe(0);
    await h.label(WORLD.maintainer);
    await h.settle();
    const writes = h.fake.writeCount;
    await h.tick(WORLD.outsider);
    await h.comment("/flightdeck apply", "tracy");
    await h.settle();
    expect(h.fake.writeCount).toBe(writes);
    expect(h.fake.children(h.epic.number)).toEqual([]);
    h.done();
  });

  it("asks nothing and writes nothing for other labels; edited comments never run commands", async () => {
    const h = await appHarness({ config: TEAM_CONFIG, routes: ["GET"] });
    await h.label(WORLD.maintainer, "bug");
    const issue = { number: h.epic.number, body: "", labels: ["epic"] };
    // A human's own comment edited to say /flightdeck apply: not Flightdeck's preview, ignored.
    const edited = commentEdited(issue, "hello", "/flightdeck apply", WORLD.maintainer);
    edited.comment.user = { ...edited.comment.user, login: WORLD.maintainer, type: "User" };
    await h.probot.receive({ id: "x", name: "issue_comment", payload: edited } as never);
    await h.settle();
    expect(h.fake.writeCount).toBe(0);
    // Only reads: the config (epic, deployment-evidence and readiness handlers) and, because
    // `bug` is the defect label, the open release issues whose readiness it could change.
    expect(new Set(h.served.calls)).toEqual(new Set(["repos/get-content", "issues/list-for-repo"]));
    h.done();
  });
});

describe("what users see when something is off", () => {
  it("names the config file, key path and line, and does nothing else", async () => {
    const h = await appHarness({ config: "planner:\n  maxTasks: many\n", routes: ["GET", "POST"] });
    await h.label(WORLD.maintainer);
    await h.settle();
    expect(h.botComments().map((c) => c.body)).toEqual([
      [
        `<!-- flightdeck:config-error issue=${h.epic.number} -->`,
        "**Flightdeck could not use `.github/flightdeck.yml`** — nothing else was done.",
        "",
        "- `.github/flightdeck.yml` line 2, `planner.maxTasks`: Invalid input: expected number, received string",
      ].join("\n"),
    ]);
    expect(h.preview()).toBeUndefined();
    h.done();
  });

  it("refuses a plan whose epic was edited since the preview, and posts a fresh preview", async () => {
    const h = await appHarness({ config: TEAM_CONFIG, routes: ["graphql", "GET", "POST", "PATCH"] });
    await h.label(WORLD.maintainer);
    await h.settle();
    const before = h.preview()?.body;
    const epic = h.fake.issues.get(h.epic.number);
    if (epic)
      epic.body = epic.body.replace(
        "## Dependencies",
        "- [ ] **Task 13:** Add rate limiting\n  - **Estimate:** 2 hours\n\n## Dependencies",
      );
    await h.tick(WORLD.maintainer);
    await h.settle();
    expect(h.fake.children(h.epic.number)).toEqual([]);
    expect(
      h
        .botComments()
        .some((c) =>
          c.body.startsWith("The epic was edited after this plan was previewed, so it was not applied."),
        ),
    ).toBe(true);
    const after = h.preview()?.body;
    expect(after).not.toBe(before);
    expect(after).toContain("13 tasks");
    h.done();
  });

  it("refuses a preview whose embedded plan was tampered with", async () => {
    const h = await appHarness({ config: TEAM_CONFIG });
    await h.label(WORLD.maintainer);
    await h.settle();
    const preview = h.preview();
    if (preview)
      preview.body = preview.body.replace(/flightdeck:plan deflate:([A-Za-z0-9+/=]+)/, (_m, b64: string) => {
        const json = inflateRawSync(Buffer.from(b64, "base64"))
          .toString("utf8")
          .replace('"alice"', '"mallory"');
        return `flightdeck:plan deflate:${deflateRawSync(Buffer.from(json)).toString("base64")}`;
      });
    await h.comment("/flightdeck apply", WORLD.maintainer);
    await h.settle();
    expect(h.fake.children(h.epic.number)).toEqual([]);
    expect(visible(h.botComments().at(-1)?.body)).toBe(
      "Flightdeck did not apply the plan: the plan in the preview comment was modified after Flightdeck wrote it. Comment `/flightdeck plan` for a fresh preview.",
    );
    h.done();
  });

  it("answers /flightdeck apply without a preview, commands on non-epics and unknown commands", async () => {
    const h = await appHarness({ routes: ["GET", "POST"] });
    await h.comment("/flightdeck apply", WORLD.maintainer);
    await h.comment("/flightdeck plan", WORLD.maintainer, []);
    await h.comment("/flightdeck frobnicate now", WORLD.maintainer);
    await h.settle();
    const bodies = h.botComments().map((c) => visible(c.body));
    expect(bodies).toContain(
      "There is no Flightdeck plan preview on this epic yet: comment `/flightdeck plan` first.",
    );
    expect(bodies).toContain("This issue is not an epic yet: add the `epic` label to plan it.");
    expect(bodies.find((b) => b?.startsWith("Unknown command `/flightdeck frobnicate`."))).toContain(
      "- `/flightdeck apply` — ",
    );
    h.done();
  });

  it("groups an epic with more tasks than planner.maxTasks instead of refusing it, and says how", async () => {
    const h = await appHarness({ config: "planner:\n  maxTasks: 5\n", routes: ["graphql", "GET", "POST"] });
    await h.label(WORLD.maintainer);
    await h.settle();
    expect(h.preview()?.body).toContain(`## 🛫 Flightdeck plan for #${h.epic.number}: 5 tasks`);
    expect(h.preview()?.body).toMatch(
      /The epic lists 12 tasks, more than planner\.maxTasks \(5\): they were grouped by section, in document order, into 5 tasks\. Raise planner\.maxTasks \(CLI --max-tasks\) for one task each\./,
    );
    h.done();
  });
});

describe("webhook latency", () => {
  it("acknowledges the delivery before the (slow) planning job finishes", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const llm = {
      createMessage: async () => {
        await gate;
        throw new Error("model unavailable");
      },
    };
    const h = await appHarness({ config: "planner:\n  mode: llm\n", llm, routes: ["GET", "POST"] });
    await h.label(WORLD.maintainer);
    expect(h.queue.pending).toBe(3); // the plan job, the deployment sweep and the readiness evidence
    expect(h.botComments()).toEqual([]);
    release();
    await h.settle();
    expect(h.preview()?.body).toContain("- The Claude API call failed: model unavailable");
    h.done();
  });
});
