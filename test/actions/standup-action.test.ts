import { afterEach, describe, expect, it } from "vitest";
import { standupWorld } from "../standup/world.js";
import { BOT } from "../support/fake-github.js";
import { serveOverHttp } from "../support/http-github.js";
import { runBundledAction } from "../support/run-action.js";

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

describe("standup Action (bundled)", () => {
  it("posts one digest per open epic and day, with the job summary and outputs", async () => {
    const { fake } = standupWorld();
    const server = await serveOverHttp(fake);
    closers.push(server.close);
    const env = { env: { GITHUB_API_URL: server.url } };
    const inputs = { github_token: "ghs_workflow", post: "true", epic: "", since: "" };
    const first = await runBundledAction("standup", inputs, env);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toEqual({ epics: "1", posted: "1" });
    expect(first.summary).toContain("## Flightdeck standup");
    expect(first.summary).toContain("### 🛰️ Standup — epic #1 Epic: Usage-based billing");
    expect(first.summary).toContain("- ⛔ Blocked: #4 Invoices — blocked by #3 Metering API");
    const digests = () =>
      fake.comments.filter((c) => c.author === BOT && c.body.includes("<!-- flightdeck:standup epic=1 "));
    expect(digests()).toHaveLength(1);
    expect(server.calls).toContain("graphql:EpicTasks");

    // A re-run the same day converges on the same comment.
    const again = await runBundledAction("standup", inputs, env);
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.posted).toBe("0");
    expect(digests()).toHaveLength(1);
    expect(server.violations).toEqual([]);
  });

  it("fails with a clear message on a bad input", async () => {
    const r = await runBundledAction("standup", {
      github_token: "ghs_workflow",
      post: "true",
      epic: "two",
      since: "",
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::input epic must be a whole number ≥ 1, got "two"');
  });
});
