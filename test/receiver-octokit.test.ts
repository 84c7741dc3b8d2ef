import { describe, expect, it } from "vitest";
import { RECEIVER_ONLY, RECEIVER_TOKEN, ReceiverOctokit } from "../src/github/receiver-octokit.js";

describe("a receiver-only process's Octokit", () => {
  it("sends nothing, not even its placeholder token, and says why", async () => {
    const octokit = new ReceiverOctokit({ auth: RECEIVER_TOKEN });
    await expect(octokit.rest.issues.get({ owner: "o", repo: "r", issue_number: 1 })).rejects.toThrow(
      RECEIVER_ONLY,
    );
    await expect(octokit.graphql("{ viewer { login } }")).rejects.toThrow(RECEIVER_ONLY);
  });
});
