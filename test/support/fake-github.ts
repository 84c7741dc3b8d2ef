import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLSchema, graphql } from "graphql";
import { REST_ROUTES } from "./fake-github-rest.js";

/**
 * An in-memory GitHub for tests and benchmarks. GraphQL requests execute against GitHub's real
 * public schema (test/fixtures/github/schema.docs.graphql), so a document GitHub would reject is
 * rejected here too; REST covers the few endpoints Flightdeck calls. Faults can be injected at
 * the k-th write to prove that applying a plan converges after any partial failure.
 */

let schemaCache: GraphQLSchema | undefined;
export function githubSchema(): GraphQLSchema {
  schemaCache ??= buildSchema(
    readFileSync(new URL("../fixtures/github/schema.docs.graphql", import.meta.url), "utf8"),
  );
  return schemaCache;
}

export interface FakeIssue {
  id: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  labels: string[];
  assignees: string[];
  parent?: number;
  subIssues: number[];
  blockedBy: number[];
  author: string;
}

export interface FakeComment {
  id: string;
  databaseId: number;
  issue: number;
  body: string;
  author: string;
}

/** A write GitHub received: one REST call, or one field of a GraphQL mutation. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** GraphQL operation name, for /graphql. */
  operation?: string;
  /** Mutation fields in the request (GraphQL). */
  writes: number;
}

export type FaultMode = "error" | "lost-response" | "rate-limit";

export interface FakePull {
  number: number;
  headSha: string;
  /** The merge commit once merged (GitHub lists the pull request for it too). */
  mergeSha?: string;
  author: string;
  state: "open" | "closed";
}

export interface FakeReview {
  id: number;
  pull: number;
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  commitId: string;
  submittedAt: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  completedAt: string | null;
  detailsUrl?: string;
  output: { title: string | null; summary: string | null; text: string | null };
  actions?: unknown[];
  /** Annotations received, in order (GitHub appends those of each update). */
  annotations?: Array<{ path: string; start_line: number; title?: string }>;
  /** The App that created it; default: Flightdeck for its Go/No-Go, `github-actions` otherwise. */
  app?: { id: number; slug: string };
}

export const BOT = "flightdeck[bot]";
/** Flightdeck's App id in tests; its comments carry `performed_via_github_app: { id: APP_ID }`. */
export const APP_ID = 4242;

export class FakeGitHub {
  readonly owner: string;
  readonly name: string;
  readonly repoId = "R_kgDOrepo";
  defaultBranch = "main";
  issues = new Map<number, FakeIssue>();
  labels = new Map<string, { id: string; name: string; color: string; description: string }>();
  users = new Map<string, { id: string; login: string }>();
  comments: FakeComment[] = [];
  permissions = new Map<string, "admin" | "maintain" | "write" | "triage" | "read">();
  files = new Map<string, string>();
  log: LoggedRequest[] = [];
  pulls = new Map<number, FakePull>();
  reviews: FakeReview[] = [];
  checkRuns: FakeCheckRun[] = [];
  /** REST paths answered 403 "Resource not accessible by integration" (a missing permission). */
  forbidden: RegExp[] = [];
  waitingRuns: Array<{
    id: number;
    headSha: string;
    createdAt: string;
    environments: string[];
    /** Who started the run (GitHub's `triggering_actor`); default "octocat". */
    actor?: string;
  }> = [];
  /** Environment name → App ids of its custom deployment protection rules (default: Flightdeck's). */
  environmentRules = new Map<string, number[]>();
  /** Merge queue entries of the default branch, in queue order. */
  mergeQueue: Array<{ pull: number; headCommit: string }> = [];
  ruleAnswers: Array<{ runId: number; environment: string; state?: string; comment: string }> = [];
  deployments: Array<{
    id: number;
    environment: string;
    ref: string;
    statuses: Array<{ state: string; description?: string }>;
  }> = [];
  /** Writes applied so far (each created/changed object counts one). */
  writeCount = 0;
  private fault?: { at: number; mode: FaultMode };
  private down = false;
  private nextNumber = 1;
  private nextId = 1;

  constructor(owner = "octo-org", name = "launchpad") {
    this.owner = owner;
    this.name = name;
  }

  /** Makes the `at`-th write from now (1-based) fail, once, in the given way. */
  failAtWrite(at: number, mode: FaultMode = "error"): void {
    this.fault = { at: this.writeCount + at, mode };
  }

  addUser(login: string, permission?: "admin" | "maintain" | "write" | "triage" | "read"): void {
    this.users.set(login.toLowerCase(), { id: `U_${login}`, login });
    if (permission) this.permissions.set(login.toLowerCase(), permission);
  }

  addIssue(title: string, body: string, author = "octocat"): FakeIssue {
    const issue: FakeIssue = {
      id: `I_kw${this.nextId++}`,
      number: this.nextNumber++,
      title,
      body,
      state: "OPEN",
      labels: [],
      assignees: [],
      subIssues: [],
      blockedBy: [],
      author,
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  /** Opens a pull request (also an issue, as on GitHub). */
  addPull(headSha: string, author: string): FakePull {
    const issue = this.addIssue(`PR by ${author}`, "", author);
    const pull: FakePull = { number: issue.number, headSha, author, state: "open" };
    this.pulls.set(pull.number, pull);
    return pull;
  }

  addReview(
    pull: number,
    user: string,
    state: FakeReview["state"],
    commitId: string,
    submittedAt: string,
  ): void {
    this.reviews.push({ id: this.reviews.length + 1, pull, user, state, commitId, submittedAt });
  }

  /** Adds a completed check run (e.g. a QA report published by the Action). */
  addCheckRun(run: Omit<FakeCheckRun, "id">): FakeCheckRun {
    const created = { ...run, id: 5000 + this.checkRuns.length };
    this.checkRuns.push(created);
    return created;
  }

  /** Sub-issues of an issue, in link order. */
  children(number: number): FakeIssue[] {
    return (this.issues.get(number)?.subIssues ?? []).map((n) => this.issues.get(n) as FakeIssue);
  }

  /** All blocked-by edges among an issue's sub-issues as "blocking->blocked" issue numbers. */
  edges(number: number): string[] {
    return this.children(number).flatMap((c) => c.blockedBy.map((b) => `${b}->${c.number}`));
  }

  private byId(id: string): FakeIssue {
    for (const i of this.issues.values()) if (i.id === id) return i;
    throw Object.assign(new Error(`Could not resolve to a node with the global id of '${id}'`), {
      type: "NOT_FOUND",
    });
  }

  /** Counts one write; throws when an injected fault fires. */
  private write(): void {
    if (this.down)
      throw Object.assign(new Error("Something went wrong while executing your query."), {
        type: "INTERNAL",
      });
    if (this.fault && this.writeCount + 1 === this.fault.at) {
      const { mode } = this.fault;
      if (mode === "error") {
        this.fault = undefined;
        this.down = true;
        throw Object.assign(new Error("Something went wrong while executing your query."), {
          type: "INTERNAL",
        });
      }
      if (mode === "rate-limit") {
        this.fault = undefined;
        this.down = true;
        throw Object.assign(new Error("was submitted too quickly"), { type: "UNPROCESSABLE" });
      }
    }
    this.writeCount++;
  }

  /** Executes a GraphQL request; returns the HTTP status and JSON body GitHub would send. */
  async graphql(body: {
    query: string;
    variables?: Record<string, unknown>;
  }): Promise<{ status: number; body: unknown }> {
    const before = this.writeCount;
    const lostAt = this.fault?.mode === "lost-response" ? this.fault.at : undefined;
    const result = await graphql({
      schema: githubSchema(),
      source: body.query,
      variableValues: body.variables ?? {},
      rootValue: this.root(),
    });
    this.down = false;
    const op = /^\s*(query|mutation)\s+(\w+)/.exec(body.query);
    this.log.push({
      method: "POST",
      path: "/graphql",
      ...(op ? { operation: op[2] } : {}),
      writes: this.writeCount - before,
    });
    if (lostAt !== undefined && this.writeCount >= lostAt) {
      this.fault = undefined;
      return { status: 502, body: { message: "Server Error" } };
    }
    const errors = result.errors?.map((e) => ({
      message: e.message,
      path: e.path,
      locations: e.locations,
      ...((e.originalError as { type?: string } | undefined)?.type
        ? { type: (e.originalError as unknown as { type: string }).type }
        : {}),
    }));
    return { status: 200, body: { data: result.data ?? null, ...(errors ? { errors } : {}) } };
  }

  private issueView(issue: FakeIssue) {
    return {
      id: issue.id,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      viewerDidAuthor: issue.author === BOT,
      subIssues: () => {
        const nodes = this.children(issue.number).map((c) => this.issueView(c));
        return { totalCount: nodes.length, nodes };
      },
      blockedBy: () => ({
        nodes: issue.blockedBy.map((n) => this.issueView(this.issues.get(n) as FakeIssue)),
      }),
      comments: ({ first, last }: { first?: number; last?: number }) => {
        const all = this.comments.filter((c) => c.issue === issue.number);
        const page = first !== undefined ? all.slice(0, first) : all.slice(-(last ?? 100));
        return { nodes: page.map((c) => ({ id: c.id, body: c.body, viewerDidAuthor: c.author === BOT })) };
      },
    };
  }

  private root() {
    const labelsConn = ({ after }: { after?: string | null }) => {
      const all = [...this.labels.values()];
      const start = after ? Number(after) : 0;
      const nodes = all.slice(start, start + 100);
      const end = start + nodes.length;
      return { pageInfo: { hasNextPage: end < all.length, endCursor: String(end) }, nodes };
    };
    return {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        if (owner !== this.owner || name !== this.name) return null;
        return {
          id: this.repoId,
          issue: ({ number }: { number: number }) => {
            const issue = this.issues.get(number);
            return issue ? this.issueView(issue) : null;
          },
          labels: labelsConn,
          mergeQueue: () => ({
            entries: () => ({
              nodes: this.mergeQueue.map((e, i) => ({
                position: i + 1,
                headCommit: { oid: e.headCommit },
                pullRequest: { number: e.pull, headRefOid: this.pulls.get(e.pull)?.headSha },
              })),
            }),
          }),
        };
      },
      user: ({ login }: { login: string }) => {
        const u = this.users.get(login.toLowerCase());
        if (!u)
          throw Object.assign(new Error(`Could not resolve to a User with the login of '${login}'.`), {
            type: "NOT_FOUND",
          });
        return u;
      },
      createLabel: ({ input }: { input: { name: string; color: string; description?: string } }) => {
        if (this.labels.has(input.name.toLowerCase())) {
          throw Object.assign(new Error("Name has already been taken"), { type: "UNPROCESSABLE" });
        }
        this.write();
        const label = {
          id: `LA_${this.nextId++}`,
          name: input.name,
          color: input.color,
          description: input.description ?? "",
        };
        this.labels.set(input.name.toLowerCase(), label);
        return { label };
      },
      createIssue: ({ input }: { input: Record<string, unknown> }) => {
        this.write();
        const issue = this.addIssue(String(input.title), String(input.body ?? ""), BOT);
        issue.labels = ((input.labelIds as string[]) ?? []).map(
          (id) => [...this.labels.values()].find((l) => l.id === id)?.name ?? id,
        );
        issue.assignees = ((input.assigneeIds as string[]) ?? []).map(
          (id) => [...this.users.values()].find((u) => u.id === id)?.login ?? id,
        );
        if (input.parentIssueId) {
          const parent = this.byId(String(input.parentIssueId));
          issue.parent = parent.number;
          parent.subIssues.push(issue.number);
        }
        return { issue: this.issueView(issue) };
      },
      addBlockedBy: ({ input }: { input: { issueId: string; blockingIssueId: string } }) => {
        const issue = this.byId(input.issueId);
        const blocking = this.byId(input.blockingIssueId);
        if (issue.blockedBy.includes(blocking.number)) {
          throw Object.assign(new Error("Issue is already blocked by this issue"), { type: "UNPROCESSABLE" });
        }
        this.write();
        issue.blockedBy.push(blocking.number);
        return { issue: this.issueView(issue), blockingIssue: this.issueView(blocking) };
      },
      updateIssue: ({ input }: { input: { id: string; body?: string; state?: "OPEN" | "CLOSED" } }) => {
        const issue = this.byId(input.id);
        this.write();
        if (input.body !== undefined) issue.body = input.body;
        if (input.state) issue.state = input.state;
        return { issue: this.issueView(issue) };
      },
      addComment: ({ input }: { input: { subjectId: string; body: string } }) => {
        const issue = this.byId(input.subjectId);
        this.write();
        const c = this.addComment(issue.number, input.body, BOT);
        return { commentEdge: { node: { id: c.id } } };
      },
      updateIssueComment: ({ input }: { input: { id: string; body: string } }) => {
        const c = this.comments.find((x) => x.id === input.id);
        if (!c) throw Object.assign(new Error("not found"), { type: "NOT_FOUND" });
        this.write();
        c.body = input.body;
        return { issueComment: { id: c.id } };
      },
    };
  }

  addComment(issue: number, body: string, author: string): FakeComment {
    const databaseId = 1000 + this.nextId++;
    const c = { id: `IC_${databaseId}`, databaseId, issue, body, author };
    this.comments.push(c);
    return c;
  }

  /** Handles a REST call; `path` includes the query string. Routes live in fake-github-rest.ts. */
  rest(
    method: string,
    path: string,
    body: unknown,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    const url = new URL(path, "https://api.github.com");
    const isWrite = method !== "GET";
    const respond = (status: number, b: unknown) => {
      this.log.push({ method, path: url.pathname, writes: isWrite && status < 300 ? 1 : 0 });
      return { status, body: b };
    };
    if (isWrite) {
      try {
        this.write();
      } catch (e) {
        this.down = false;
        return respond(502, { message: (e as Error).message });
      }
    }
    if (this.forbidden.some((re) => re.test(url.pathname)))
      return respond(403, { message: "Resource not accessible by integration" });
    const prefix = `/repos/${this.owner}/${this.name}`;
    for (const route of REST_ROUTES) {
      if (route.method !== method || !url.pathname.startsWith(prefix)) continue;
      const m = route.pattern.exec(url.pathname.slice(prefix.length));
      if (!m) continue;
      const [status, out, headers] = route.handle(this, m, url, (body ?? {}) as Record<string, unknown>);
      return { ...respond(status, out), ...(headers ? { headers } : {}) };
    }
    return respond(404, { message: `fake GitHub has no route for ${method} ${url.pathname}` });
  }
}
