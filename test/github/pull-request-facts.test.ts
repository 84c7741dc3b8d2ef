import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { readPullRequestFacts } from "../../src/github/pull-request-facts.js";
import { FakeGitHub } from "../support/fake-github.js";
import { connection } from "../support/fake-github-pulls.js";
import { serveGitHub } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";

afterEach(() => nock.cleanAll());

const SHA = "e".repeat(40);
const world = (comments: number) => {
  const fake = new FakeGitHub();
  const pull = fake.addPull(SHA, "dev");
  for (let i = 0; i < comments; i++)
    fake.addComment(pull.number, `comment ${i}`, `user${i % 7}`, {
      createdAt: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
    });
  const served = serveGitHub(fake, ["graphql"]);
  return { fake, pull, served };
};

describe("reading a pull request's gate facts", () => {
  it("reads 500 comments in three requests, from both ends, each once", async () => {
    const { pull, served } = world(500);
    const facts = await readPullRequestFacts(
      testOctokit(),
      { owner: "octo-org", repo: "launchpad" },
      pull.number,
    );
    expect(facts.requests).toBe(3);
    expect(served.calls).toEqual([
      "graphql:GatePullRequest",
      "graphql:GatePullRequestMore",
      "graphql:GatePullRequestMore",
    ]);
    expect(facts.comments).toHaveLength(500);
    expect(new Set(facts.comments.map((c) => c.body)).size).toBe(500);
    expect(served.violations).toEqual([]);
  });

  it("reads a quiet pull request in one request, with its head, author and changed files", async () => {
    const { pull, served } = world(150);
    const facts = await readPullRequestFacts(
      testOctokit(),
      { owner: "octo-org", repo: "launchpad" },
      pull.number,
    );
    expect(facts).toMatchObject({
      requests: 1,
      repository: "octo-org/launchpad",
      state: "OPEN",
      author: "dev",
      changedFiles: ["src/index.ts"],
      contributors: ["dev"],
      head: { sha: SHA, headRef: `feature-${pull.number}` },
    });
    expect(facts.comments).toHaveLength(150);
    expect(served.violations).toEqual([]);
  });

  it("reads the head commit by oid when GitHub lists another commit last (backdated commits)", async () => {
    const { fake, pull, served } = world(0);
    const older = "f".repeat(40);
    fake.commits.set(older, {
      oid: older,
      committedDate: "2030-01-01T00:00:00Z",
      author: "dev",
      committer: "dev",
    });
    pull.commitOids = [SHA, older];
    fake.addCheckRun({
      name: "Flightdeck QA",
      headSha: SHA,
      status: "completed",
      conclusion: "success",
      completedAt: "2026-11-20T10:00:00Z",
      output: { title: "t", summary: "s", text: "x" },
    });
    const facts = await readPullRequestFacts(
      testOctokit(),
      { owner: "octo-org", repo: "launchpad" },
      pull.number,
    );
    expect(served.calls).toEqual(["graphql:GatePullRequest", "graphql:GateHeadCommit"]);
    expect(facts.checkRuns.map((r) => r.name)).toEqual(["Flightdeck QA"]);
    expect(facts.head.committedDate).toBe("2026-11-20T09:00:00Z");
    expect(served.violations).toEqual([]);
  });

  it("says which pull request does not exist", async () => {
    const { served } = world(0);
    await expect(
      readPullRequestFacts(testOctokit(), { owner: "octo-org", repo: "launchpad" }, 99),
    ).rejects.toThrow("Could not resolve to a PullRequest with the number of 99.");
    expect(served.violations).toEqual([]);
  });
});

describe("the fake pages as GitHub does", () => {
  it("refuses connections without first/last or above 100, and pages with cursors", () => {
    const all = Array.from({ length: 250 }, (_, i) => i);
    expect(() => connection(all, {}, "comments")).toThrow(
      "You must provide a `first` or `last` value to properly paginate the `comments` connection.",
    );
    expect(() => connection(all, { first: 101 }, "comments")).toThrow(
      "Requesting 101 records on the `comments` connection exceeds the `first` limit of 100 records.",
    );
    const one = connection(all, { first: 100 }, "comments");
    const two = connection(all, { first: 100, after: one.pageInfo.endCursor }, "comments");
    const back = connection(
      all,
      { last: 100, before: connection(all, { last: 10 }, "c").pageInfo.startCursor },
      "c",
    );
    expect([one.nodes[0], two.nodes[0], two.pageInfo.hasNextPage]).toEqual([0, 100, true]);
    expect([back.nodes[0], back.nodes.at(-1)]).toEqual([140, 239]);
  });

  it("pages REST lists 30 at a time by default, at most 100, with a Link header", () => {
    const fake = new FakeGitHub();
    const pull = fake.addPull(SHA, "dev");
    for (let i = 0; i < 120; i++)
      fake.addReview(pull.number, `u${i}`, "COMMENTED", SHA, "2026-11-20T10:00:00Z");
    const first = fake.rest("GET", `/repos/octo-org/launchpad/pulls/${pull.number}/reviews`, undefined);
    expect((first.body as unknown[]).length).toBe(30);
    expect(first.headers?.link).toContain('page=2>; rel="next"');
    const big = fake.rest(
      "GET",
      `/repos/octo-org/launchpad/pulls/${pull.number}/reviews?per_page=500&page=2`,
      undefined,
    );
    expect((big.body as unknown[]).length).toBe(20);
    expect(big.headers?.link).toBeUndefined();
  });
});
