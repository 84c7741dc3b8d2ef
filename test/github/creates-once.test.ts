import nock from "nock";
import { describe, expect, it } from "vitest";
import { testOctokit } from "../support/octokit.js";

describe("REST creates", () => {
  it("go out once: a 502 on POST fails instead of re-sending (the job re-reads before creating)", async () => {
    const scope = nock("https://api.github.com")
      .post("/repos/octo-org/launchpad/issues/7/comments")
      .reply(502, { message: "Bad Gateway" });
    const octokit = testOctokit();
    await expect(
      octokit.rest.issues.createComment({
        owner: "octo-org",
        repo: "launchpad",
        issue_number: 7,
        body: "hi",
      }),
    ).rejects.toMatchObject({ status: 502 });
    expect(scope.isDone()).toBe(true);
  });

  it("while reads are still retried after a 5xx", async () => {
    const scope = nock("https://api.github.com")
      .get("/repos/octo-org/launchpad/issues/7")
      .reply(502, { message: "Bad Gateway" })
      .get("/repos/octo-org/launchpad/issues/7")
      .reply(200, { number: 7 });
    const octokit = testOctokit();
    const { data } = await octokit.rest.issues.get({ owner: "octo-org", repo: "launchpad", issue_number: 7 });
    expect(data.number).toBe(7);
    expect(scope.isDone()).toBe(true);
  });
});
