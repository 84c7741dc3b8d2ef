import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { parse } from "graphql";
import nock from "nock";
import { describe, expect, it } from "vitest";
import * as documents from "../../src/github/documents.js";
import { ContractViolation, checkRestRequest } from "../support/contract.js";
import { epicWorld } from "../support/epic-world.js";
import { githubSchema } from "../support/fake-github.js";
import { checkGraphqlLimits, checkGraphqlRequest } from "../support/graphql-contract.js";
import { serveOverHttp } from "../support/http-github.js";
import { serveGitHub } from "../support/nock-github.js";
import { testOctokit } from "../support/octokit.js";
import { assertNoViolations, takeViolations } from "../support/violations.js";

/** The checker's verdict on one request: its status and message, or the operationId. */
function verdict(method: string, path: string, body?: unknown) {
  try {
    return { ok: checkRestRequest(method, path, body) };
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolation);
    return { status: (error as ContractViolation).status, message: (error as Error).message };
  }
}

describe("the contract checker bites", () => {
  it("refuses an unknown body field (bodies are closed unless the schema says otherwise)", () => {
    expect(verdict("POST", "/repos/o/r/issues/3/comments", { body: "hi", bodyy: "typo" })).toEqual({
      status: 422,
      message:
        'issues/create-comment: body does not match the OpenAPI schema: body has unknown field "bodyy"',
    });
    // Nested objects are closed too; a free-form `payload` stays free-form, as GitHub documents it.
    expect(
      verdict("POST", "/repos/o/r/check-runs", {
        name: "x",
        head_sha: "a",
        output: { title: "t", summary: "s", sumary: "" },
      }),
    ).toMatchObject({
      status: 422,
      message: expect.stringContaining('body/output has unknown field "sumary"'),
    });
    expect(verdict("POST", "/repos/o/r/deployments", { ref: "main", payload: { anything: 1 } })).toEqual({
      ok: "repos/create-deployment",
    });
  });

  it("refuses a bad enum in a body or a query, naming the allowed values", () => {
    expect(
      verdict("PATCH", "/repos/o/r/check-runs/5", { status: "completed", conclusion: "succeeded" }),
    ).toMatchObject({
      status: 422,
      message: expect.stringMatching(/body\/conclusion must be one of \[.*"success"/),
    });
    expect(verdict("GET", "/repos/o/r/issues?state=opened")).toEqual({
      status: 422,
      message: 'issues/list-for-repo: query/state must be one of ["open","closed","all"]',
    });
  });

  it("refuses per_page above GitHub's maximum of 100, a mistyped parameter and an unknown one", () => {
    expect(verdict("GET", "/repos/o/r/issues/7/comments?per_page=101")).toEqual({
      status: 422,
      message: "issues/list-comments: query/per_page must be <= 100",
    });
    expect(verdict("GET", "/repos/o/r/issues/7/comments?per_page=100")).toEqual({
      ok: "issues/list-comments",
    });
    expect(verdict("GET", "/repos/o/r/pulls/7/reviews?page=two")).toMatchObject({
      message: "pulls/list-reviews: query/page must be integer",
    });
    expect(verdict("GET", "/repos/o/r/issues?label=epic")).toEqual({
      status: 422,
      message: "issues/list-for-repo: unknown query parameter label",
    });
  });

  it("refuses unknown paths, inside /repos/ or not, and checks PUT and DELETE like any method", () => {
    expect(verdict("GET", "/repos/o/r/issue/3")).toEqual({
      status: 404,
      message: "GET /repos/o/r/issue/3 is not an operation in the OpenAPI fixture",
    });
    expect(verdict("GET", "/user/installations")).toMatchObject({ status: 404 });
    expect(verdict("GET", "/app")).toEqual({ ok: "apps/get-authenticated" });
    expect(verdict("PUT", "/repos/o/r/issues/3/labels", { labels: ["x"] })).toMatchObject({ status: 404 });
    expect(verdict("DELETE", "/repos/o/r/issues/comments/5")).toMatchObject({ status: 404 });
    expect(verdict("GET", "/repos/o/r/issues/3", { body: "x" })).toMatchObject({
      message: "issues/get: this operation takes no request body",
    });
  });

  it("refuses an id where a number belongs (path parameters are typed)", () => {
    expect(verdict("GET", "/repos/o/r/issues/I_kwDOrepo1")).toEqual({
      status: 422,
      message: "issues/get: path/issue_number must be integer",
    });
    expect(verdict("POST", "/repos/o/r/issues/3/sub_issues", { sub_issue_id: "I_kwDOrepo1" })).toMatchObject({
      message: expect.stringContaining("body/sub_issue_id must be integer"),
    });
  });
});

describe("GitHub's GraphQL limits, which the schema cannot express", () => {
  const check = (query: string, variables?: Record<string, unknown>) =>
    checkGraphqlRequest(githubSchema(), { query, ...(variables ? { variables } : {}) });
  const issueComments = (args: string) =>
    `query Q { repository(owner: "o", name: "r") { issue(number: 1) { comments${args} { nodes { id } } } } }`;

  it("every connection needs first or last, at most 100", () => {
    expect(check(issueComments(""))).toEqual([
      "You must provide a `first` or `last` value to properly paginate the `comments` connection.",
    ]);
    expect(check(issueComments("(first: 101)"))).toEqual([
      "Requesting 101 records on the `comments` connection exceeds the limit of 100 records.",
    ]);
    expect(
      check(
        'query Q($n: Int) { repository(owner: "o", name: "r") { issue(number: 1) { comments(last: $n) { nodes { id } } } } }',
        { n: 250 },
      ),
    ).toHaveLength(1);
    expect(check(issueComments("(last: 100)"))).toEqual([]);
  });

  it("a query may ask for at most 500,000 nodes", () => {
    const nested =
      'query Q { repository(owner: "o", name: "r") { issues(first: 100) { nodes { comments(first: 100) { nodes { reactions(first: 100) { totalCount } } } } } } }';
    expect(check(nested)).toEqual([
      "This query requests up to 1010100 nodes, over GitHub's limit of 500000.",
    ]);
  });

  it("Flightdeck's documents stay within them", () => {
    for (const doc of [
      documents.epicStateQuery(3),
      documents.LABELS_PAGE,
      documents.createSubIssuesMutation(20),
      documents.linkDependenciesMutation(50, true),
      documents.ADD_COMMENT,
    ]) {
      expect(checkGraphqlLimits(githubSchema(), parse(doc))).toEqual([]);
    }
  });
});

describe("the fake GitHub's issues", () => {
  it("have ids in another number space than their numbers, so an id-for-number mix-up fails", async () => {
    const { fake } = epicWorld();
    const parent = fake.addIssue("Parent", "");
    const child = fake.addIssue("Child", "");
    expect(child.databaseId).not.toBe(child.number);
    expect(fake.issues.has(child.databaseId)).toBe(false);
    const served = serveGitHub(fake, ["POST"]);
    const octokit = testOctokit();
    const link = (subIssueId: number) =>
      octokit.rest.issues.addSubIssue({
        owner: fake.owner,
        repo: fake.name,
        issue_number: parent.number,
        sub_issue_id: subIssueId,
      });
    await expect(link(child.number)).rejects.toMatchObject({ status: 422 });
    expect(fake.children(parent.number)).toEqual([]);
    const { data } = await link(child.databaseId);
    expect(data).toMatchObject({ id: parent.databaseId, number: parent.number, node_id: parent.id });
    expect(fake.children(parent.number).map((i) => i.number)).toEqual([child.number]);
    expect(served.violations).toEqual([]);
  });
});

describe("every harness answers a violation as GitHub would and records it for afterEach", () => {
  it("nock: 422 with the checker's message, in the registry, and assertNoViolations throws it", async () => {
    const { fake } = epicWorld();
    serveGitHub(fake, ["GET"]);
    const request = testOctokit().request("GET /repos/{owner}/{repo}/issues", {
      owner: fake.owner,
      repo: fake.name,
      per_page: 101,
    });
    await expect(request).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("issues/list-for-repo: query/per_page must be <= 100"),
    });
    // What test/setup.ts's afterEach does: the test fails with the checker's message.
    expect(() => assertNoViolations()).toThrow(
      /1 GitHub contract violation .*\n- \[nock\] issues\/list-for-repo: query\/per_page must be <= 100/,
    );
    expect(takeViolations()).toEqual([]);
  });

  it("nock: a PUT or DELETE is checked (404 for an operation GitHub does not have)", async () => {
    const { fake } = epicWorld();
    serveGitHub(fake, ["GET"]);
    await expect(
      testOctokit().request("DELETE /repos/{owner}/{repo}/issues/comments/{id}", {
        owner: fake.owner,
        repo: fake.name,
        id: 1,
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(takeViolations()).toEqual([
      {
        harness: "nock",
        message:
          "DELETE /repos/octo-org/launchpad/issues/comments/1 is not an operation in the OpenAPI fixture",
      },
    ]);
  });

  it("nock: an invalid GraphQL document is recorded", async () => {
    const { fake } = epicWorld();
    serveGitHub(fake);
    await testOctokit()
      .graphql("query Broken { viewer { loginn } }")
      .catch(() => undefined);
    expect(takeViolations()).toEqual([
      { harness: "nock", message: expect.stringMatching(/^graphql Broken: Cannot query field "loginn"/) },
    ]);
  });

  it("nock: GraphQL variables that do not match their declared types are recorded", async () => {
    const { fake } = epicWorld();
    serveGitHub(fake);
    const query =
      "query Epic($owner: String!, $name: String!, $n: Int!) { repository(owner: $owner, name: $name) { issue(number: $n) { id } } }";
    await testOctokit()
      .graphql(query, { owner: fake.owner, name: fake.name, n: "I_kwDOrepo1" })
      .catch(() => undefined);
    expect(takeViolations()).toEqual([
      {
        harness: "nock",
        message: expect.stringMatching(/^graphql Epic: Variable "\$n" got invalid value "I_kwDOrepo1"/),
      },
    ]);
  });

  it("nock: a GitHub request no fake answers is recorded even when the code swallows the error", async () => {
    nock("https://api.github.com").get("/other").reply(200, {});
    await testOctokit()
      .request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r", request: { retries: 0 } })
      .catch(() => undefined);
    expect(takeViolations()).toEqual([
      { harness: "nock", message: "GET /repos/o/r: no fake GitHub answers this request" },
    ]);
  });

  it("http (the Actions' fake): 422 with the checker's message, in the registry", async () => {
    const { fake } = epicWorld();
    const api = await serveOverHttp(fake);
    nock.enableNetConnect("127.0.0.1"); // this test is the child process's client
    try {
      const res = await fetch(`${api.url}/repos/${fake.owner}/${fake.name}/check-runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Flightdeck QA", head_sha: "a".repeat(40), conclusion: "passed" }),
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /^checks\/create: body does not match the OpenAPI schema: body\/conclusion must be one of/,
      );
      expect(takeViolations()).toEqual([{ harness: "http", message: api.violations[0] }]);
    } finally {
      nock.disableNetConnect();
      await api.close();
    }
  });

  it("a test that makes a violating request and never looks fails with the checker's message", async () => {
    // A real vitest run of a spec that ignores its harness: test/setup.ts's afterEach must fail it.
    const run = await promisify(execFile)(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--config", "test/fixtures/contract-meta/vitest.config.ts"],
      { env: { ...process.env, CI: "1", FORCE_COLOR: "0" } },
    ).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      'issues/create-comment: body does not match the OpenAPI schema: body has unknown field "bodyy"',
    );
    expect(run.out).toMatch(/1 failed/);
  }, 60_000);
});

describe("fixture provenance", () => {
  it("the GraphQL schema fixture is the copy its source record describes", () => {
    const record = JSON.parse(
      readFileSync(new URL("../fixtures/github/schema.source.json", import.meta.url), "utf8"),
    ) as { sha256: string; retrieved: string; refresh: string };
    const schema = readFileSync(new URL("../fixtures/github/schema.docs.graphql", import.meta.url));
    expect(createHash("sha256").update(schema).digest("hex")).toBe(record.sha256);
    expect(record.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record.refresh).toContain("scripts/refresh-graphql-schema.mjs");
  });
});
