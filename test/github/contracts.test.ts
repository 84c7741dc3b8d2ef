import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as documents from "../../src/github/documents.js";
import { checkRestRequest } from "../support/contract.js";
import { githubSchema } from "../support/fake-github.js";
import { checkRunEvent, prComment, prEvent, reviewSubmitted } from "../support/pr-webhooks.js";
import { commentCreated, commentEdited, issuesLabeled, webhookProblems } from "../support/webhooks.js";

describe("GraphQL documents against GitHub's public schema", () => {
  const all: Record<string, string> = {
    epicStateNoUsers: documents.epicStateQuery(0),
    epicStateUsers: documents.epicStateQuery(3),
    labelsPage: documents.LABELS_PAGE,
    createLabels: documents.createLabelsMutation(25),
    createSubIssues: documents.createSubIssuesMutation(20),
    linkDependencies: documents.linkDependenciesMutation(50, true),
    epicBodyOnly: documents.linkDependenciesMutation(0, true),
    linksOnly: documents.linkDependenciesMutation(3, false),
    addComment: documents.ADD_COMMENT,
    updateComment: documents.UPDATE_COMMENT,
  };
  for (const [name, doc] of Object.entries(all)) {
    it(`${name} is valid`, () => {
      expect(validate(githubSchema(), parse(doc)).map((e) => e.message)).toEqual([]);
    });
  }

  it("would catch a wrong field or argument", () => {
    const bad = documents.createSubIssuesMutation(1).replace("parentIssueId", "parentIssueNumber");
    expect(validate(githubSchema(), parse(bad)).length).toBeGreaterThan(0);
  });
});

describe("REST requests against GitHub's OpenAPI description", () => {
  it("accepts the operations Flightdeck makes, with their bodies", () => {
    expect(checkRestRequest("GET", "/repos/o/r/collaborators/mona/permission", undefined)).toBe(
      "repos/get-collaborator-permission-level",
    );
    expect(checkRestRequest("GET", "/repos/o/r/contents/.github%2Fflightdeck.yml?ref=main", undefined)).toBe(
      "repos/get-content",
    );
    expect(checkRestRequest("POST", "/repos/o/r/issues/3/comments", { body: "hi" })).toBe(
      "issues/create-comment",
    );
    expect(checkRestRequest("POST", "/repos/o/r/issues/3/sub_issues", { sub_issue_id: 42 })).toBe(
      "issues/add-sub-issue",
    );
    expect(checkRestRequest("POST", "/repos/o/r/issues/3/dependencies/blocked_by", { issue_id: 42 })).toBe(
      "issues/add-blocked-by-dependency",
    );
  });

  it("rejects a body GitHub would reject, and unknown endpoints", () => {
    // The classic mistake: the issue number instead of the numeric id, as a string.
    expect(() => checkRestRequest("POST", "/repos/o/r/issues/3/sub_issues", { sub_issue_id: "#42" })).toThrow(
      /sub_issue_id must be integer/,
    );
    expect(() => checkRestRequest("POST", "/repos/o/r/issues/3/comments", {})).toThrow(
      /must have required property 'body'/,
    );
    expect(() => checkRestRequest("POST", "/repos/o/r/issues/3/dependencies", { issue_id: 1 })).toThrow(
      /not an operation/,
    );
  });
});

describe("webhook fixtures", () => {
  const issue = { number: 5, body: "epic", labels: ["epic"] };
  it("are real payloads that stay valid against @octokit/openapi-webhooks after retargeting", () => {
    expect(webhookProblems("issues", "labeled", issuesLabeled(issue, "epic", "mona"))).toEqual([]);
    expect(
      webhookProblems("issue_comment", "created", commentCreated(issue, "/flightdeck apply", "mona")),
    ).toEqual([]);
    expect(webhookProblems("issue_comment", "edited", commentEdited(issue, "a", "b", "mona"))).toEqual([]);
    const pr = { number: 7, headSha: "a".repeat(40), author: "dev" };
    expect(webhookProblems("pull_request", "opened", prEvent("opened", pr, "dev"))).toEqual([]);
    expect(
      webhookProblems("pull_request", "synchronize", prEvent("synchronize", pr, "dev", "b".repeat(40))),
    ).toEqual([]);
    expect(
      webhookProblems(
        "pull_request_review",
        "submitted",
        reviewSubmitted(pr, "quinn", "approved", pr.headSha),
      ),
    ).toEqual([]);
    expect(
      webhookProblems("check_run", "completed", checkRunEvent("completed", "Flightdeck QA", pr)),
    ).toEqual([]);
    expect(
      webhookProblems(
        "check_run",
        "requested_action",
        checkRunEvent("requested_action", "Flightdeck Go/No-Go", pr, "reevaluate"),
      ),
    ).toEqual([]);
    expect(webhookProblems("issue_comment", "created", prComment(pr, "/flightdeck go", "quinn"))).toEqual([]);
  });
});
