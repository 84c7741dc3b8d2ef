import { describe, expect, it } from "vitest";
import { checklistProgress, DEFAULT_CHECKLIST, renderChecklist } from "../src/release/checklist.js";
import { appHarness, visible } from "./support/app-harness.js";
import { BOT } from "./support/fake-github.js";
import { WORLD } from "./support/webhooks.js";

describe("readiness checklist", () => {
  it("covers infrastructure, security, testing, documentation, operations and legal by default", () => {
    for (const area of ["Infrastructure", "Security", "Testing", "Documentation", "Operations", "Legal"]) {
      expect(DEFAULT_CHECKLIST).toContain(`### ${area}`);
    }
    const { title, body } = renderChecklist("v2.0.0", "- [ ] Tag {{version}}\n- [x] Freeze branch");
    expect(title).toBe("Release v2.0.0: readiness checklist");
    expect(body).toBe(
      "- [ ] Tag v2.0.0\n- [x] Freeze branch\n\n<!-- flightdeck:checklist version=v2.0.0 -->",
    );
    expect(checklistProgress(body)).toEqual({ done: 1, total: 2 });
  });

  it("opens once per version for a release manager; others are refused or ignored", async () => {
    const h = await appHarness({ config: "team:\n  devops: [devon]\n", routes: ["GET", "POST"] });
    h.fake.addUser("devon", "write");
    h.fake.addUser("wendy", "write");
    await h.comment("/flightdeck launch v1.4.0", "devon", []);
    await h.settle();
    const checklist = [...h.fake.issues.values()].find(
      (i) => i.title === "Release v1.4.0: readiness checklist",
    );
    expect(checklist?.labels).toEqual(["release-checklist"]);
    expect(checklist?.body).toContain("### Legal");
    expect(h.botComments().at(-1)?.body).toContain(
      `🚀 Launch of v1.4.0 started: the readiness checklist is #${checklist?.number}.`,
    );

    await h.comment("/flightdeck launch v1.4.0", "devon", []);
    await h.settle();
    expect([...h.fake.issues.values()].filter((i) => i.title.startsWith("Release v1.4.0"))).toHaveLength(1);
    expect(visible(h.botComments().at(-1)?.body)).toBe(
      `The readiness checklist of v1.4.0 is already open: #${checklist?.number}.`,
    );

    await h.comment("/flightdeck launch v9", "wendy", []);
    await h.settle();
    expect(h.botComments().at(-1)?.body).toMatch(
      /^Only release managers can start a launch: the `devops` team/,
    );
    const comments = h.fake.comments.filter((c) => c.author === BOT).length;
    await h.comment("/flightdeck launch v9", WORLD.outsider, []);
    await h.settle();
    expect(h.fake.comments.filter((c) => c.author === BOT)).toHaveLength(comments);
    h.done();
  });
});
