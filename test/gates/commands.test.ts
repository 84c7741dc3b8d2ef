import { describe, expect, it } from "vitest";
import { commandOf, commandsFrom, headSince } from "../../src/gates/commands.js";

describe("gate commands in comments", () => {
  it("reads a command on its own line, with the no-go reason", () => {
    expect(commandOf("/flightdeck go")).toEqual({ command: "go" });
    expect(commandOf("Checked the rollout.\n/flightdeck no-go the *migration* is not reversible")).toEqual({
      command: "no-go",
      reason: "the migration is not reversible",
    });
    expect(commandOf("  /FLIGHTDECK Withdraw")).toEqual({ command: "withdraw" });
    expect(commandOf("/flightdeck gone")).toBeUndefined();
    expect(commandOf("please /flightdeck go")).toBeUndefined();
  });

  it.each([
    ["a fenced block", "```\n/flightdeck go\n```"],
    ["a tilde fence", "~~~md\n/flightdeck go\n~~~"],
    ["an unclosed fence", "```\n/flightdeck go"],
    ["a nested fence", "````md\n```\n/flightdeck no-go x\n```\n/flightdeck go\n````"],
    ["an indented block", "Try this:\n\n    /flightdeck go"],
    ["a fence in a list", "- step:\n  ```\n  /flightdeck go\n  ```"],
    ["a list item", "- /flightdeck go"],
    ["inline code", "`/flightdeck go`"],
    ["a block quote", "> /flightdeck go"],
    ["a lazy quote continuation", "> they said\n/flightdeck go"],
    ["a quoted fence", "> ```\n> /flightdeck go\n> ```"],
    ["an HTML comment", "<!--\n/flightdeck go\n-->"],
    ["a details block", "<details>\n/flightdeck go\n</details>"],
  ])("is not a command inside %s", (_, body) => {
    expect(commandOf(body)).toBeUndefined();
  });

  it("still finds a command after a closed code block", () => {
    expect(commandOf("```\n/flightdeck no-go x\n```\n\n/flightdeck go")).toEqual({ command: "go" });
  });

  it("never takes commands from bots or edited comments, and orders them by creation", () => {
    const at = (m: number) => `2026-11-20T10:${String(m).padStart(2, "0")}:00Z`;
    const commands = commandsFrom([
      { author: "quinn", authorIsBot: false, body: "/flightdeck withdraw", createdAt: at(9), edited: false },
      { author: "renovate", authorIsBot: true, body: "/flightdeck go", createdAt: at(1), edited: false },
      { author: "mona", authorIsBot: false, body: "/flightdeck go", createdAt: at(2), edited: true },
      { author: "quade", authorIsBot: false, body: "/flightdeck go", createdAt: at(3), edited: false },
    ]);
    expect(commands).toEqual([
      { user: "quade", command: "go", at: at(3) },
      { user: "quinn", command: "withdraw", at: at(9) },
    ]);
  });
});

describe("when the head commit was pushed", () => {
  const base = {
    sha: "a".repeat(40),
    committedDate: "2026-11-20T09:00:00Z",
    forcePushes: [],
    headRef: "feature",
    checkSuites: [{ createdAt: "2026-11-20T10:00:00Z", branch: "feature" }],
  };
  it("takes the first check suite on the head branch, not a backdated commit date", () => {
    expect(headSince({ ...base, committedDate: "2020-01-01T00:00:00Z" })).toBe("2026-11-20T10:00:00Z");
  });
  it("ignores suites from another branch pushed earlier, and uses the last force-push to the commit", () => {
    expect(
      headSince({
        ...base,
        checkSuites: [...base.checkSuites, { createdAt: "2026-11-19T10:00:00Z", branch: "decoy" }],
        forcePushes: [
          { at: "2026-11-20T11:00:00Z", after: base.sha },
          { at: "2026-11-20T12:00:00Z", after: "b".repeat(40) },
        ],
      }),
    ).toBe("2026-11-20T11:00:00Z");
  });
  it("falls back to the newest suite of any branch, and is unknown without any", () => {
    expect(
      headSince({
        ...base,
        checkSuites: [
          { createdAt: "2026-11-20T10:00:00Z", branch: undefined },
          { createdAt: "2026-11-20T13:00:00Z", branch: "other" },
        ],
      }),
    ).toBe("2026-11-20T13:00:00Z");
    expect(headSince({ ...base, checkSuites: [] })).toBeUndefined();
  });
});

describe("a no-go's reason is untrusted text", () => {
  it("cannot carry a marker, a mention, a reference or raw HTML into the check run", () => {
    const parsed = commandOf(
      "/flightdeck no-go @octo-org/admins see #12 <!-- flightdeck:confirm --> <img src=x onerror=alert(1)>",
    );
    expect(parsed?.command).toBe("no-go");
    expect(parsed?.reason).toBe("@\u200bocto-org/admins see #\u200b12");
    expect(parsed?.reason).not.toContain("<!--");
    expect(commandOf("/flightdeck no-go wait for `<!-- flightdeck:plan x -->` and @mona")?.reason).toBe(
      "wait for and @\u200bmona",
    );
  });
});
