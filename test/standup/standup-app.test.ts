import { describe, expect, it } from "vitest";
import { appHarness } from "../support/app-harness.js";
import { WORLD } from "../support/webhooks.js";
import { standupWorld } from "./world.js";

describe("/flightdeck standup", () => {
  it("posts today's digest on the epic for a writer, once per day", async () => {
    const h = await appHarness({ routes: ["graphql", "GET", "POST"] });
    standupWorld(h.fake, h.epic);
    await h.comment("/flightdeck standup", WORLD.maintainer);
    await h.settle();
    const digests = () => h.botComments().filter((c) => c.body.includes("<!-- flightdeck:standup epic=1 "));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.body).toContain(
      "#### alice\n- ✅ Done: #2 Schema\n- 🔨 In progress: #3 Metering API (PR #40)",
    );
    expect(digests()[0]?.body).toContain("#### bob\n- ⛔ Blocked: #4 Invoices — blocked by #3 Metering API");
    await h.comment("/flightdeck standup", WORLD.maintainer);
    await h.settle();
    expect(digests()).toHaveLength(1);
    h.done();
  });

  it("ignores people without write access", async () => {
    const h = await appHarness({ routes: ["GET"] });
    standupWorld(h.fake, h.epic);
    await h.comment("/flightdeck standup", WORLD.outsider);
    await h.settle();
    expect(h.botComments().filter((c) => c.body.includes("flightdeck:standup"))).toEqual([]);
  });
});
