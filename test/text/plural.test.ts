import { describe, expect, it } from "vitest";
import { noun, plural } from "../../src/text/plural.js";

describe("plural", () => {
  it("uses the singular for exactly one and the plural otherwise (Intl.PluralRules, en)", () => {
    expect(plural(1, "task")).toBe("1 task");
    expect(plural(0, "task")).toBe("0 tasks");
    expect(plural(2, "failing test")).toBe("2 failing tests");
    expect(plural(1.5, "week")).toBe("1.5 weeks");
  });

  it("takes an irregular plural", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(3, "person", "people")).toBe("3 people");
    expect(noun(1, "dependency", "dependencies")).toBe("dependency");
    expect(noun(4, "dependency", "dependencies")).toBe("dependencies");
  });
});
