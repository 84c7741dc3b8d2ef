import nock from "nock";
import { describe, expect, it } from "vitest";
import { classifyError } from "../../src/github/errors.js";
import { authorizeWriter } from "../../src/github/permissions.js";
import { checkRestRequest } from "../support/contract.js";
import { checkContracts } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";

describe("GitHub rate limits", () => {
  it("waits out a secondary rate limit (403 + retry-after) and resumes instead of failing", async () => {
    const path = "/repos/octo-org/launchpad/collaborators/mona/permission";
    expect(checkRestRequest("GET", path, undefined)).toBe("repos/get-collaborator-permission-level");
    const scope = checkContracts(nock("https://api.github.com"))
      .get(path)
      .reply(
        403,
        {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        },
        { "retry-after": "1" },
      ) // 0 would mean "use the 60 s fallback" to the throttling plugin
      .get(path)
      .reply(200, { permission: "write", role_name: "maintain", user: { login: "mona" } });
    const auth = await authorizeWriter(testOctokit({ throttle: true }), "octo-org", "launchpad", "mona");
    expect(auth).toEqual({ allowed: true, permission: "maintain" });
    expect(scope.isDone()).toBe(true);
  });

  it("classifies GitHub's rate-limit, transient and permanent errors", () => {
    expect(classifyError({ errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] })).toEqual(
      { retryable: true, rateLimited: true },
    );
    expect(classifyError({ errors: [{ message: "was submitted too quickly" }] })).toEqual({
      retryable: true,
      rateLimited: true,
    });
    expect(
      classifyError({
        status: 403,
        message: "secondary rate limit",
        response: { headers: { "retry-after": "30" } },
      }),
    ).toEqual({
      retryable: true,
      rateLimited: true,
      retryAfterMs: 30_000,
    });
    expect(classifyError({ status: 502, message: "Bad Gateway" })).toEqual({
      retryable: true,
      rateLimited: false,
    });
    expect(classifyError({ message: "fetch failed" })).toEqual({ retryable: true, rateLimited: false });
    expect(classifyError({ status: 403, message: "Resource not accessible by integration" })).toEqual({
      retryable: false,
      rateLimited: false,
    });
    expect(classifyError({ errors: [{ type: "FORBIDDEN", message: "no" }] })).toEqual({
      retryable: false,
      rateLimited: false,
    });
  });

  it("fails closed when the permission check itself fails", async () => {
    const scope = checkContracts(nock("https://api.github.com"))
      .get("/repos/octo-org/launchpad/collaborators/eve/permission")
      .reply(404, { message: "Not Found" });
    expect(await authorizeWriter(testOctokit(), "octo-org", "launchpad", "eve")).toEqual({
      allowed: false,
      permission: "none",
    });
    expect(scope.isDone()).toBe(true);
  });
});
