import { describe, expect, it } from "vitest";
import { PermissionCache } from "../../src/github/permission-cache.js";
import { FakeGitHub } from "../support/fake-github.js";
import { serveGitHub } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";

describe("permission cache", () => {
  it("asks per user for a few, lists collaborators for many, and remembers for its TTL", async () => {
    const fake = new FakeGitHub();
    for (const [login, role] of [
      ["ann", "write"],
      ["bo", "maintain"],
      ["cy", "read"],
      ["di", "admin"],
    ] as const)
      fake.addUser(login, role);
    const served = serveGitHub(fake, ["GET"]);
    let now = 0;
    const cache = new PermissionCache(60_000, () => now);
    const octokit = testOctokit();
    expect([...(await cache.canWrite(octokit, fake.owner, fake.name, ["Ann", "cy"]))]).toEqual(["ann"]);
    expect(served.calls).toEqual([
      "repos/get-collaborator-permission-level",
      "repos/get-collaborator-permission-level",
    ]);
    expect(
      [...(await cache.canWrite(octokit, fake.owner, fake.name, ["ann", "bo", "di", "eve"]))].sort(),
    ).toEqual(["ann", "bo", "di"]);
    expect(served.calls.at(-1)).toBe("repos/list-collaborators");
    const calls = served.calls.length;
    await cache.canWrite(octokit, fake.owner, fake.name, ["ann", "bo", "di"]);
    expect(served.calls).toHaveLength(calls);
    now = 61_000;
    await cache.canWrite(octokit, fake.owner, fake.name, ["ann"]);
    expect(served.calls).toHaveLength(calls + 1);
    expect(served.violations).toEqual([]);
    expect(served.scope.isDone()).toBe(true);
  });
});
