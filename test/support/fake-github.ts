import { readFileSync } from "node:fs";
import { buildSchema, type ExecutionResult, execute, GraphQLError, type GraphQLSchema } from "graphql";
import { commitView, pullRequestView } from "./fake-github-pulls.js";
import { REST_ROUTES } from "./fake-github-rest.js";
import { parseAndValidate } from "./graphql-contract.js";

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
  /** GraphQL node id. */
  id: string;
  /** REST `id` (the database id): a different number space from `number`, as on GitHub. */
  databaseId: number;
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
  /** ISO times (GraphQL `createdAt`, `closedAt`, `lastEditedAt`), from the fake's clock. */
  createdAt?: string;
  closedAt?: string | null;
  /** Number of the milestone the issue is in. */
  milestone?: number;
  stateReason?: "COMPLETED" | "NOT_PLANNED" | null;
  lastEditedAt?: string | null;
  /** Who last edited the body. */
  editor?: string | null;
  /** Open pull requests that will close it (`closedByPullRequestsReferences`). */
  linkedPulls?: number[];
  /** Pull requests that would close it, with their state (the doctor and standup tests set these). */
  closingPulls?: Array<{ number: number; state: "OPEN" | "CLOSED" | "MERGED" }>;
  /** Timeline: close/reopen and blocked-by added/removed events, oldest first. */
  events?: FakeIssueEvent[];
}

/** A timeline event of an issue (GraphQL `timelineItems`). */
export interface FakeIssueEvent {
  type: "ClosedEvent" | "ReopenedEvent" | "BlockedByAddedEvent" | "BlockedByRemovedEvent";
  at: string;
  /** Blocked-by events: the blocking issue's number. */
  blocker?: number;
  /** ClosedEvent: the pull request number or commit oid that closed it. */
  closer?: { pull: number } | { commit: string };
}

export interface FakeComment {
  id: string;
  databaseId: number;
  issue: number;
  body: string;
  author: string;
  /** ISO creation time (GraphQL `createdAt`); default 2026-11-20T12:00:00Z. */
  createdAt?: string;
  lastEditedAt?: string;
  includesCreatedEdit?: boolean;
}

/** A GitHub App as check runs and check suites name it. */
export interface FakeApp {
  id: number;
  slug: string;
}

/** Flightdeck's own App in tests (JobDeps.appId / createApp `appId`). */
export const FLIGHTDECK_APP: FakeApp = { id: 4242, slug: "flightdeck" };
/** The App a workflow's GITHUB_TOKEN acts as. */
export const GITHUB_ACTIONS_APP: FakeApp = { id: 15368, slug: "github-actions" };

/** A check suite: one per app and push, one per workflow run (GitHub creates them on push). */
export interface FakeCheckSuite {
  id: number;
  headSha: string;
  app: FakeApp;
  branch?: string;
  createdAt: string;
  workflowRun?: { id: number; path: string; repository: string };
}

export interface FakeCommit {
  oid: string;
  committedDate: string;
  author: string | null;
  committer: string | null;
  coAuthors?: string[];
}

/** A write GitHub received: one REST call, or one field of a GraphQL mutation. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** GraphQL operation name, for /graphql. */
  operation?: string;
  /** GraphQL operation type, for /graphql ("query" or "mutation"). */
  operationType?: string;
  /** Mutation fields in the request (GraphQL). */
  writes: number;
}

export type FaultMode = "error" | "lost-response" | "rate-limit";

export interface FakePull {
  number: number;
  headSha: string;
  /** Head branch name. */
  headRef: string;
  /** Paths the pull request changes. */
  files: string[];
  /** The pull request's commits, oldest first (the last is the head). */
  commitOids: string[];
  /** Force-pushes: when, to which commit, and by whom (default: the pull request's author). */
  forcePushes: Array<{ at: string; after: string; by?: string }>;
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
  /** The App that created it; only that App may PATCH it. Default: GitHub Actions. */
  app?: FakeApp;
  /** Its check suite (assigned by addCheckRun). */
  suiteId?: number;
  /** The workflow run that made it (Actions check runs); its check suite carries it. */
  workflowRun?: { id: number; path: string; repository: string };
  headSha: string;
  status: string;
  conclusion: string | null;
  completedAt: string | null;
  detailsUrl?: string;
  output: { title: string | null; summary: string | null; text: string | null };
  actions?: unknown[];
  /** Annotations received, in order (GitHub appends those of each update). */
  annotations?: Array<{ path: string; start_line: number; title?: string }>;
}

/** Check run ids on github.com are past 2^31 (GraphQL `databaseId: Int` cannot hold them). */
export const CHECK_RUN_ID_BASE = 31_000_000_000;

export const BOT = "flightdeck[bot]";
/** Flightdeck's App id in tests; its comments carry `performed_via_github_app: { id: APP_ID }`. */
export const APP_ID = FLIGHTDECK_APP.id;

/** An actor (GraphQL `Actor`, an interface): bots end in `[bot]`. */
function actor(login: string) {
  return { __typename: login.endsWith("[bot]") ? "Bot" : "User", login };
}

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
  checkSuites: FakeCheckSuite[] = [];
  commits = new Map<string, FakeCommit>();
  /** Commits in the default branch's history (besides merged pull requests' merge commits). */
  defaultBranchCommits = new Set<string>();
  /** Workflow files (path → text) at every commit, unless `workflowsAt` has the commit. */
  workflows = new Map<string, string>();
  workflowsAt = new Map<string, Map<string, string>>();
  /** The App REST writes act as (the caller's token); Flightdeck's unless a test says otherwise. */
  restApp: FakeApp = FLIGHTDECK_APP;
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
  /** Queue entries: the pull request, its merge group head, and the head the queue lists (default: the current one). */
  mergeQueue: Array<{ pull: number; headCommit: string; headRefOid?: string }> = [];
  ruleAnswers: Array<{ runId: number; environment: string; state?: string; comment: string }> = [];
  deployments: Array<{
    id: number;
    environment: string;
    ref: string;
    /** The deployed commit (default: `ref`) and when the deployment was created (ISO). */
    sha?: string;
    createdAt?: string;
    /** Oldest first, as they were added; `createdAt` ISO. */
    statuses: Array<{ state: string; description?: string; createdAt?: string }>;
  }> = [];
  /** Milestones of the repository. */
  milestones: Array<{ number: number; title: string; state: "open" | "closed" }> = [];
  /** Commits between two SHAs (GET …/compare/{base}...{head}), keyed `base...head`: author dates (ISO). */
  comparisons = new Map<string, string[]>();
  /** Writes applied so far (each created/changed object counts one). */
  writeCount = 0;
  /** The fake's clock (ISO): the time of issues created, closed, linked and edited. */
  clock = "2025-01-06T09:00:00Z";
  /** Called by updateIssue before it writes (a test's concurrent edit lands here). */
  beforeUpdateIssue?: (issue: FakeIssue) => void;
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
    // Real issue ids are ~3e9 and unrelated to the number, so an id passed where a number belongs
    // (or the reverse) finds nothing instead of the right issue by coincidence.
    const databaseId = 3_100_000_000 + 7919 * this.nextId++;
    const issue: FakeIssue = {
      id: `I_kwDOrepo${databaseId.toString(36)}`,
      databaseId,
      number: this.nextNumber++,
      title,
      body,
      state: "OPEN",
      labels: [],
      assignees: [],
      subIssues: [],
      blockedBy: [],
      author,
      createdAt: this.clock,
      closedAt: null,
      events: [],
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  /** Closes an issue at the clock's time, by a pull request or commit when given. */
  closeIssue(
    number: number,
    closer?: FakeIssueEvent["closer"],
    reason: "COMPLETED" | "NOT_PLANNED" = "COMPLETED",
  ) {
    const issue = this.issues.get(number) as FakeIssue;
    issue.state = "CLOSED";
    issue.closedAt = this.clock;
    issue.stateReason = reason;
    issue.events?.push({ type: "ClosedEvent", at: this.clock, ...(closer ? { closer } : {}) });
    return issue;
  }

  reopenIssue(number: number) {
    const issue = this.issues.get(number) as FakeIssue;
    issue.state = "OPEN";
    issue.closedAt = null;
    issue.stateReason = null;
    issue.events?.push({ type: "ReopenedEvent", at: this.clock });
    return issue;
  }

  /** Adds or removes a blocked-by link by hand (as in GitHub's UI), with its timeline event. */
  link(blocked: number, blocking: number, add = true) {
    const issue = this.issues.get(blocked) as FakeIssue;
    issue.blockedBy = add ? [...issue.blockedBy, blocking] : issue.blockedBy.filter((b) => b !== blocking);
    issue.events?.push({
      type: add ? "BlockedByAddedEvent" : "BlockedByRemovedEvent",
      at: this.clock,
      blocker: blocking,
    });
    return issue;
  }

  /** Edits an issue body as `editor` at the clock's time. */
  editBody(number: number, body: string, editor: string) {
    const issue = this.issues.get(number) as FakeIssue;
    issue.body = body;
    issue.lastEditedAt = this.clock;
    issue.editor = editor;
    return issue;
  }

  /** Opens a pull request (also an issue, as on GitHub), its head pushed at `at`. */
  addPull(headSha: string, author: string, at = "2026-11-20T09:00:00Z"): FakePull {
    const issue = this.addIssue(`PR by ${author}`, "", author);
    const pull: FakePull = {
      number: issue.number,
      headSha,
      headRef: `feature-${issue.number}`,
      files: ["src/index.ts"],
      commitOids: [],
      forcePushes: [],
      author,
      state: "open",
    };
    this.pulls.set(pull.number, pull);
    this.push(pull, headSha, at);
    return pull;
  }

  /**
   * Pushes `sha` to a pull request's head branch at `at` (ISO): the commit (made by the pull
   * request's author unless `commit` says otherwise), a HeadRefForcePushedEvent when `force`,
   * and the check suite GitHub creates for Flightdeck's App on every push.
   */
  push(
    pull: FakePull,
    sha: string,
    at: string,
    options: { force?: boolean; commit?: Partial<FakeCommit>; by?: string } = {},
  ) {
    if (!this.commits.has(sha)) {
      this.commits.set(sha, {
        oid: sha,
        committedDate: at,
        author: pull.author,
        committer: pull.author,
        ...options.commit,
      });
    }
    pull.headSha = sha;
    if (options.force) {
      const keep = pull.commitOids.indexOf(sha);
      pull.commitOids = keep >= 0 ? pull.commitOids.slice(0, keep) : [];
      pull.forcePushes.push({ at, after: sha, ...(options.by ? { by: options.by } : {}) });
    }
    pull.commitOids = [...pull.commitOids.filter((c) => c !== sha), sha];
    this.suiteFor(FLIGHTDECK_APP, sha, undefined, at, pull.headRef, true);
  }

  /** The check suite of an app on a commit (one per workflow run for Actions), created when absent. */
  suiteFor(
    app: FakeApp,
    headSha: string,
    workflowRun: FakeCheckSuite["workflowRun"],
    createdAt: string,
    branch?: string,
    fresh = false,
  ): FakeCheckSuite {
    const found = fresh
      ? undefined
      : this.checkSuites.find(
          (s) => s.app.id === app.id && s.headSha === headSha && s.workflowRun?.id === workflowRun?.id,
        );
    if (found) return found;
    const suite: FakeCheckSuite = {
      id: 3000 + this.checkSuites.length,
      headSha,
      app,
      createdAt,
      ...((branch ?? this.branchOf(headSha)) ? { branch: branch ?? this.branchOf(headSha) } : {}),
      ...(workflowRun ? { workflowRun } : {}),
    };
    this.checkSuites.push(suite);
    return suite;
  }

  private branchOf(sha: string): string | undefined {
    return [...this.pulls.values()].find((p) => p.headSha === sha)?.headRef;
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

  /**
   * Adds a check run (e.g. a QA report published by the Action): by GitHub Actions (a
   * "Flightdeck Go/No-Go" by Flightdeck) unless `app` says otherwise, in the check suite of its app and workflow run on that commit.
   */
  addCheckRun(run: Omit<FakeCheckRun, "id">): FakeCheckRun {
    // Unless a test names the producer: Flightdeck writes its Go/No-Go, workflows write the rest.
    const app = run.app ?? (run.name === "Flightdeck Go/No-Go" ? FLIGHTDECK_APP : GITHUB_ACTIONS_APP);
    const suite = this.suiteFor(app, run.headSha, run.workflowRun, run.completedAt ?? "2026-11-20T09:30:00Z");
    const created = { ...run, app, suiteId: suite.id, id: CHECK_RUN_ID_BASE + this.checkRuns.length };
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
    // Parsed and validated once per document text (GitHub's schema is large; tests repeat documents).
    const { doc, errors: invalid } = parseAndValidate(githubSchema(), body.query);
    const result: ExecutionResult =
      doc && !invalid.length
        ? await execute({
            schema: githubSchema(),
            document: doc,
            variableValues: body.variables ?? {},
            rootValue: this.root(),
          })
        : { errors: invalid.map((message) => new GraphQLError(message)) };
    this.down = false;
    const op = /^\s*(query|mutation)\s+(\w+)/.exec(body.query);
    this.log.push({
      method: "POST",
      path: "/graphql",
      ...(op ? { operation: op[2], operationType: op[1] } : {}),
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
      stateReason: issue.stateReason ?? null,
      createdAt: issue.createdAt ?? this.clock,
      closedAt: issue.closedAt ?? null,
      lastEditedAt: issue.lastEditedAt ?? null,
      editor: issue.editor ? actor(issue.editor) : null,
      repository: { nameWithOwner: `${this.owner}/${this.name}` },
      viewerDidAuthor: issue.author === BOT,
      assignees: () => ({ nodes: issue.assignees.map((login) => ({ login })) }),
      labels: () => ({ nodes: issue.labels.map((name) => ({ name })) }),
      parent: () =>
        issue.parent !== undefined ? this.issueView(this.issues.get(issue.parent) as FakeIssue) : null,
      blocking: () => ({
        nodes: [...this.issues.values()]
          .filter((i) => i.blockedBy.includes(issue.number))
          .map((i) => this.issueView(i)),
      }),
      closedByPullRequestsReferences: () => ({
        nodes: issue.closingPulls?.length
          ? issue.closingPulls.map((p) => ({
              isDraft: false,
              repository: { nameWithOwner: `${this.owner}/${this.name}` },
              ...p,
            }))
          : (issue.linkedPulls ?? []).map((n) => ({
              number: n,
              state: this.pulls.get(n)?.state === "closed" ? "CLOSED" : "OPEN",
              isDraft: false,
              repository: { nameWithOwner: `${this.owner}/${this.name}` },
            })),
      }),
      timelineItems: ({ itemTypes, last }: { itemTypes?: string[]; last?: number }) => {
        const wanted = new Set((itemTypes ?? []).map((t) => t.replace(/_/g, "").toLowerCase()));
        const events = (issue.events ?? []).filter((e) => !wanted.size || wanted.has(e.type.toLowerCase()));
        return { nodes: events.slice(-(last ?? 100)).map((e) => this.eventView(e)) };
      },
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
        return {
          nodes: page.map((c) => ({
            id: c.id,
            fullDatabaseId: String(c.databaseId),
            body: c.body,
            createdAt: c.createdAt ?? "2026-11-20T12:00:00Z",
            viewerDidAuthor: c.author === BOT,
          })),
        };
      },
    };
  }

  private eventView(e: FakeIssueEvent) {
    const blocker = e.blocker !== undefined ? this.issues.get(e.blocker) : undefined;
    const closer = e.closer
      ? "pull" in e.closer
        ? {
            __typename: "PullRequest",
            number: e.closer.pull,
            repository: { nameWithOwner: `${this.owner}/${this.name}` },
          }
        : { __typename: "Commit", abbreviatedOid: e.closer.commit.slice(0, 7) }
      : null;
    return {
      __typename: e.type,
      createdAt: e.at,
      stateReason: e.type === "ClosedEvent" ? "COMPLETED" : null,
      closer,
      blockingIssue: blocker ? this.issueView(blocker) : null,
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
          nameWithOwner: `${this.owner}/${this.name}`,
          pullRequest: ({ number }: { number: number }) => {
            const pull = this.pulls.get(number);
            if (!pull)
              throw Object.assign(
                new Error(`Could not resolve to a PullRequest with the number of ${number}.`),
                { type: "NOT_FOUND" },
              );
            return pullRequestView(this, pull);
          },
          object: ({ oid }: { oid?: string }) =>
            oid && this.commits.has(oid) ? commitView(this, oid) : null,
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
                pullRequest: { number: e.pull, headRefOid: e.headRefOid ?? this.pulls.get(e.pull)?.headSha },
              })),
            }),
          }),
        };
      },
      viewer: () => ({ login: BOT }),
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
        issue.events?.push({ type: "BlockedByAddedEvent", at: this.clock, blocker: blocking.number });
        return { issue: this.issueView(issue), blockingIssue: this.issueView(blocking) };
      },
      updateIssue: ({ input }: { input: { id: string; body?: string; state?: "OPEN" | "CLOSED" } }) => {
        const issue = this.byId(input.id);
        this.beforeUpdateIssue?.(issue);
        this.write();
        if (input.body !== undefined) {
          issue.body = input.body;
          issue.lastEditedAt = this.clock;
          issue.editor = BOT;
        }
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

  addComment(
    issue: number,
    body: string,
    author: string,
    extra: Pick<FakeComment, "createdAt" | "lastEditedAt" | "includesCreatedEdit"> = {},
  ): FakeComment {
    const databaseId = 2_400_000_000 + 104_729 * this.nextId++;
    const c = { id: `IC_${databaseId}`, databaseId, issue, body, author, ...extra };
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
