import { describe, expect, it } from "vitest";
import { parseHeaders } from "../../src/cli/load-test.js";
import { commandEnvironment } from "../../src/deploy/env.js";
import { LoadTestError, validateLoadOptions } from "../../src/load/run.js";
import { redactUrl, urlSecrets } from "../../src/text/redact.js";

describe("credentials in load-test URLs are never shown", () => {
  it("redacts user-info and secret query parameters, keeping the rest readable", () => {
    expect(redactUrl("https://alice:s3cret@staging.example.com/api?page=2&token=abc&access_token=def")).toBe(
      "https://***:***@staging.example.com/api?page=2&token=***&access_token=***",
    );
    expect(redactUrl("https://x.example.com/?API-Key=k1&sig=zz&X-Amz-Signature=q&q=ok")).toBe(
      "https://x.example.com/?API-Key=***&sig=***&X-Amz-Signature=***&q=ok",
    );
    expect(redactUrl("https://x.example.com/health")).toBe("https://x.example.com/health");
    expect(urlSecrets("https://alice:s3cret@h.example/?token=abc&q=1")).toEqual(["alice", "s3cret", "abc"]);
  });

  it("redacts text that is not even a URL, in the error that says so", () => {
    expect(() => validateLoadOptions({ url: "htp//bob:hunter2@host?token=abc", amount: 1 })).toThrow(
      new LoadTestError('"htp//***@host?token=***" is not a URL'),
    );
  });
});

describe("malformed secret headers are never echoed", () => {
  it("names the entry, not its value", () => {
    expect(() => parseHeaders(["X-Ok: 1", "Bearer eyJhbGciOi.secret"], "--secret-header", true)).toThrow(
      '--secret-header must look like "Name: value", entry 2 is not (its value is not shown)',
    );
    // Plain headers still quote what was given, to help fix it.
    expect(() => parseHeaders(["no colon"])).toThrow('--header must look like "Name: value", got "no colon"');
  });
});

describe("deploy and rollback commands", () => {
  it("do not inherit the GitHub token or the runner's credentials unless the workflow passes them", () => {
    const env = commandEnvironment(
      {
        PATH: "/usr/bin",
        INPUT_GITHUB_TOKEN: "ghs_action_input",
        INPUT_DEPLOY_COMMAND: "make deploy",
        ACTIONS_RUNTIME_TOKEN: "rt",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc",
        DEPLOY_KEY: "from the workflow's env",
      },
      { FLIGHTDECK_ENVIRONMENT: "production", FLIGHTDECK_SHA: "abc" },
    );
    expect(env).toEqual({
      PATH: "/usr/bin",
      DEPLOY_KEY: "from the workflow's env",
      FLIGHTDECK_ENVIRONMENT: "production",
      FLIGHTDECK_SHA: "abc",
    });
    // Passed explicitly by the workflow (`env: GITHUB_TOKEN: ${{ github.token }}`): kept.
    expect(commandEnvironment({ GITHUB_TOKEN: "ghs_explicit" }, {})).toEqual({
      GITHUB_TOKEN: "ghs_explicit",
    });
  });
});
