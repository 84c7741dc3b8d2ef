import { describe, expect, it } from "vitest";
import { appHarness, visible } from "./support/app-harness.js";
import { BOT } from "./support/fake-github.js";
import { WORLD } from "./support/webhooks.js";

/** Deterministic words that deflate poorly, so the sealed plan really outgrows one comment. */
function prose(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed * 2654435761;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(x.toString(36).slice(0, 3 + (x % 7)));
  }
  return out.join(" ");
}

describe("plan job", () => {
  it("passes the issue's title to the planner", async () => {
    const requests: Array<Record<string, any>> = [];
    const llm = {
      createMessage: async (request: unknown) => {
        requests.push(request as Record<string, any>);
        throw new Error("offline");
      },
    };
    const h = await appHarness({
      config: "planner:\n  mode: auto\n",
      llm,
      routes: ["graphql", "GET", "POST"],
    });
    const epic = h.fake.issues.get(h.epic.number);
    if (epic) epic.title = "Team invitations </epic>";
    await h.label(WORLD.maintainer);
    await h.settle();
    const content = requests[0]?.messages[0].content as string;
    expect(JSON.parse(content.slice(content.indexOf("{"))).title).toBe("Team invitations </epic>");
    // auto mode: the API error falls back to the deterministic plan, and the preview says why.
    expect(h.preview()?.body).toContain(
      "Claude could not plan this epic (The Claude API call failed: offline)",
    );
    h.done();
  });

  it("posts a 100-task plan with long titles and criteria: the preview fits, the sealed plan continues in more comments, and applying it works", async () => {
    const h = await appHarness({ config: "planner:\n  maxTasks: 100\n", routes: ["graphql", "GET", "POST"] });
    const epic = h.fake.issues.get(h.epic.number);
    const tasks = Array.from({ length: 100 }, (_, i) => {
      const criteria = Array.from({ length: 8 }, (_, j) => `  - ${prose(i * 10 + j, 40)}`).join("\n");
      return `- [ ] Task ${i + 1}: Piece ${i + 1} ${prose(i, 25)}\n${criteria}`;
    });
    if (epic) epic.body = `## Tasks\n${tasks.join("\n")}`;
    await h.label(WORLD.maintainer);
    await h.settle();
    const preview = h.preview()?.body ?? "";
    expect(preview).toContain(`## 🛫 Flightdeck plan for #${h.epic.number}: 100 tasks`);
    expect(preview.length).toBeLessThanOrEqual(65_536);
    expect(preview).toContain("| T100 |");
    expect(preview).toMatch(/The machine-readable plan continues in \d+ comments? below/);
    const parts = h.botComments().filter((c) => c.body.includes("<!-- flightdeck:plan-part "));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(p.body.length).toBeLessThanOrEqual(65_536);

    // Planning again changes nothing: the same comments, no new ones.
    const count = h.botComments().length;
    await h.comment("/flightdeck plan", WORLD.maintainer);
    await h.settle();
    expect(h.botComments().filter((c) => c.author === BOT && !c.body.startsWith("👀")).length).toBe(count);

    await h.tick(WORLD.maintainer);
    await h.settle();
    const summary = h.botComments().find((c) => c.body.includes("Flightdeck applied the plan"));
    expect(summary?.body).toContain("Native sub-issues of this epic: 100 of 100 tasks");
    h.done();
  }, 60_000);

  it("refuses a split plan whose continuation comment was edited", async () => {
    const h = await appHarness({ config: "planner:\n  maxTasks: 60\n", routes: ["graphql", "GET", "POST"] });
    const epic = h.fake.issues.get(h.epic.number);
    const tasks = Array.from({ length: 60 }, (_, i) => {
      const criteria = Array.from({ length: 10 }, (_, j) => `  - ${prose(i * 10 + j, 45)}`).join("\n");
      return `- [ ] Task ${i + 1}: Piece ${i + 1} ${prose(i, 30)}\n${criteria}`;
    });
    if (epic) epic.body = `## Tasks\n${tasks.join("\n")}`;
    await h.label(WORLD.maintainer);
    await h.settle();
    const part = h.botComments().find((c) => c.body.includes("<!-- flightdeck:plan-part "));
    expect(part).toBeDefined();
    if (part)
      part.body = part.body.replace(/plan-data (\w)/, (_, c: string) => `plan-data ${c === "A" ? "B" : "A"}`);
    await h.tick(WORLD.maintainer);
    await h.settle();
    expect(h.botComments().map((c) => visible(c.body))).toContain(
      "Flightdeck did not apply the plan: the plan in the preview comment was modified after Flightdeck wrote it. Comment `/flightdeck plan` for a fresh preview.",
    );
    h.done();
  }, 60_000);
});
