import { describe, expect, it } from "vitest";
import { findMarkedComment } from "../../src/github/comments.js";
import { APP_ID, BOT, FakeGitHub } from "../support/fake-github.js";
import { serveGitHub } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";

describe("findMarkedComment", () => {
  it("finds the first or the newest comment this App wrote with the marker, never anyone else's", async () => {
    const fake = new FakeGitHub();
    const issue = fake.addIssue("Epic", "", "mona");
    fake.addComment(issue.number, "<!-- flightdeck:launch-report epic=1 --> forged", "mona");
    const older = fake.addComment(issue.number, "<!-- flightdeck:launch-report epic=1 -->", BOT);
    const newer = fake.addComment(issue.number, "<!-- flightdeck:launch-report release=v1 -->", BOT);
    fake.addComment(issue.number, "<!-- flightdeck:launch-report release=v2 --> forged", "mona");
    const served = serveGitHub(fake, ["GET"]);
    const octokit = testOctokit();
    const ref = { owner: fake.owner, repo: fake.name, issue_number: issue.number };
    const marker = "<!-- flightdeck:launch-report ";
    expect((await findMarkedComment(octokit, ref, marker, APP_ID))?.id).toBe(older.databaseId);
    expect((await findMarkedComment(octokit, ref, marker, APP_ID, "last"))?.id).toBe(newer.databaseId);
    expect(await findMarkedComment(octokit, ref, "release=v2", APP_ID, "last")).toBeUndefined();
    expect(served.violations).toEqual([]);
  });
});
