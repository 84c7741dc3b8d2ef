import nock from "nock";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { ADD_COMMENT } from "../../src/github/documents.js";
import { flightdeckOctokitClass, type Octokit } from "../../src/github/octokit.js";
import { graphqlOperation, isContentWrite } from "../../src/github/throttle.js";
import { checkContracts } from "../support/nock-github.js";

// Shortened spacing so the tests stay fast; the rules are the production ones.
const spacing = { writeMs: 300, notificationMs: 600 };
const QUERY = "query Viewer {\n  viewer { login }\n}";

/** Installation clients as Probot builds them (its factory sets the throttle id per installation). */
async function installations(...ids: number[]): Promise<Octokit[]> {
  const probot = new Probot({ githubToken: "ghs_test", Octokit: flightdeckOctokitClass({ spacing }) });
  return Promise.all(ids.map(async (id) => (await probot.auth(id)) as Octokit));
}

/** Replies to `count` label creations in `repo`, recording when each arrived (ms after t0). */
function labelWrites(repo: string, count: number, t0: number, seen: number[]) {
  return checkContracts(nock("https://api.github.com"))
    .post(`/repos/octo-org/${repo}/labels`)
    .times(count)
    .reply(201, () => {
      seen.push(performance.now() - t0);
      return { name: "x" };
    });
}

const createLabel = (octokit: Octokit, repo: string, name: string) =>
  octokit.rest.issues.createLabel({ owner: "octo-org", repo, name });

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

describe("GitHub throttle: per installation, writes spaced, queries not", () => {
  it("classifies GraphQL queries as reads and mutations (and REST non-GETs) as writes", () => {
    expect(graphqlOperation(QUERY)).toBe("query");
    expect(graphqlOperation("# a comment\n{ viewer { login } }")).toBe("query");
    expect(graphqlOperation(ADD_COMMENT)).toBe("mutation");
    expect(graphqlOperation("fragment F on User { login }\nquery { viewer { ...F } }")).toBe("mutation");
    expect(isContentWrite({ method: "POST", url: "/graphql", query: QUERY })).toBe(false);
    expect(isContentWrite({ method: "POST", url: "/graphql", query: ADD_COMMENT })).toBe(true);
    expect(isContentWrite({ method: "GET", url: "/repos/o/r/issues/1" })).toBe(false);
    expect(isContentWrite({ method: "PATCH", url: "/repos/o/r/issues/1" })).toBe(true);
    expect(isContentWrite({ method: "POST", url: "/app/installations/7/access_tokens" })).toBe(false);
  });

  it("gives each installation its own write limiter: two installations' writes are not interleaved", async () => {
    const [one, two] = await installations(1, 2);
    const t0 = performance.now();
    const seenOne: number[] = [];
    const seenTwo: number[] = [];
    const a = labelWrites("one", 3, t0, seenOne);
    const b = labelWrites("two", 3, t0, seenTwo);
    await Promise.all([
      ...[1, 2, 3].map((i) => createLabel(one as Octokit, "one", `l${i}`)),
      ...[1, 2, 3].map((i) => createLabel(two as Octokit, "two", `l${i}`)),
    ]);
    expect(a.isDone() && b.isDone()).toBe(true);
    // Each installation's writes are spaced by its own limiter…
    for (const gap of [...gaps(seenOne), ...gaps(seenTwo)])
      expect(gap).toBeGreaterThanOrEqual(spacing.writeMs - 60);
    // …and installation 2 does not wait behind installation 1: its writes go out alongside.
    expect(seenTwo[0]).toBeLessThan(spacing.writeMs / 2);
    expect(seenTwo[2]).toBeLessThan(2 * spacing.writeMs + 250);
  });

  it("does not delay a GraphQL query behind pending writes, while a mutation waits its turn", async () => {
    const [octokit] = (await installations(7)) as [Octokit];
    const t0 = performance.now();
    const writes: number[] = [];
    const graphql: Record<string, number> = {};
    const scope = labelWrites("launchpad", 3, t0, writes);
    nock("https://api.github.com")
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => {
        const mutation = (body as { query: string }).query.startsWith("mutation");
        graphql[mutation ? "mutation" : "query"] = performance.now() - t0;
        return mutation
          ? { data: { addComment: { commentEdge: { node: { id: "IC_1", databaseId: 1 } } } } }
          : { data: { viewer: { login: "flightdeck[bot]" } } };
      });
    const pending = [1, 2, 3].map((i) => createLabel(octokit, "launchpad", `l${i}`));
    const mutation = octokit.graphql(ADD_COMMENT, { subject: "I_1", body: "hi" });
    await octokit.graphql(QUERY);
    // The query went out while the second and third writes were still waiting for their turn.
    expect(graphql.query).toBeLessThan(spacing.writeMs / 2);
    await Promise.all([...pending, mutation]);
    expect(scope.isDone()).toBe(true);
    expect(graphql.mutation).toBeGreaterThanOrEqual(3 * spacing.writeMs - 30);
  });

  it("never re-sends a mutation whose answer was lost (a 5xx), though a query is retried", async () => {
    const [octokit] = (await installations(7)) as [Octokit];
    const lost = nock("https://api.github.com").post("/graphql").reply(502, { message: "Bad Gateway" });
    await expect(octokit.graphql(ADD_COMMENT, { subject: "I_1", body: "hi" })).rejects.toMatchObject({
      status: 502,
    });
    expect(lost.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
    const retried = nock("https://api.github.com")
      .post("/graphql")
      .reply(502, { message: "Bad Gateway" })
      .post("/graphql")
      .reply(200, { data: { viewer: { login: "flightdeck[bot]" } } });
    expect(await octokit.graphql(QUERY)).toEqual({ viewer: { login: "flightdeck[bot]" } });
    expect(retried.isDone()).toBe(true);
  });

  it("honours a secondary limit's retry-after before sending a refused write again", async () => {
    const [octokit] = (await installations(7)) as [Octokit];
    const t0 = performance.now();
    const at: number[] = [];
    const scope = checkContracts(nock("https://api.github.com"))
      .post("/repos/octo-org/launchpad/labels")
      .reply(
        403,
        () => {
          at.push(performance.now() - t0);
          return { message: "You have exceeded a secondary rate limit. Please wait a few minutes." };
        },
        { "retry-after": "1" },
      )
      .post("/repos/octo-org/launchpad/labels")
      .reply(201, () => {
        at.push(performance.now() - t0);
        return { name: "x" };
      });
    await createLabel(octokit, "launchpad", "l1");
    expect(scope.isDone()).toBe(true);
    // GitHub refused the first attempt (nothing was written); the retry waited retry-after (1 s).
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(990);
  });
});
