import type { FakeCheckRun, FakeGitHub, FakePull } from "./fake-github.js";

/**
 * GraphQL views of pull requests, commits and check suites for the fake GitHub, paged as
 * GitHub pages connections: `first` or `last` is required and at most 100, `after`/`before`
 * take opaque cursors, and `pageInfo`/`totalCount` describe the whole connection.
 */

type PageArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
};

const gqlError = (message: string, type = "INVALID_ARGUMENTS") => Object.assign(new Error(message), { type });
const cursorOf = (i: number) => Buffer.from(`cursor:v2:${i}`).toString("base64");
function indexOf(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw gqlError(`\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/** One page of a connection, with GitHub's argument rules. */
export function connection<T>(all: T[], args: PageArgs, name: string) {
  if (args.first == null && args.last == null) {
    throw gqlError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  }
  for (const key of ["first", "last"] as const) {
    const n = args[key];
    if (n != null && (n < 0 || n > 100)) {
      throw gqlError(
        `Requesting ${n} records on the \`${name}\` connection exceeds the \`${key}\` limit of 100 records.`,
      );
    }
  }
  let start = args.after ? indexOf(args.after) + 1 : 0;
  let end = args.before ? indexOf(args.before) : all.length;
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);
  const nodes = all.slice(start, Math.max(start, end));
  return {
    totalCount: all.length,
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursorOf(start + i) })),
    pageInfo: {
      hasNextPage: end < all.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length ? cursorOf(start) : null,
      endCursor: nodes.length ? cursorOf(start + nodes.length - 1) : null,
    },
  };
}

/** A GraphQL `Actor` for a login (`name[bot]` is a Bot, whose GraphQL login drops the suffix). */
export function actor(login: string) {
  return login.endsWith("[bot]")
    ? { __typename: "Bot", login: login.slice(0, -5) }
    : { __typename: "User", login };
}

const gitActor = (login: string | null) => ({ user: login ? { login } : null });

/** The `Commit` object for an oid: check suites (with runs), the workflow files at that commit. */
export function commitView(fake: FakeGitHub, oid: string) {
  const commit = fake.commits.get(oid);
  const suites = fake.checkSuites.filter((s) => s.headSha === oid);
  const workflows = fake.workflowsAt.get(oid) ?? fake.workflows;
  return {
    __typename: "Commit",
    oid,
    committedDate: commit?.committedDate ?? "2026-11-20T08:00:00Z",
    author: gitActor(commit?.author ?? null),
    committer: gitActor(commit?.committer ?? null),
    authors: (args: PageArgs) =>
      connection(
        [gitActor(commit?.author ?? null), ...(commit?.coAuthors ?? []).map(gitActor)],
        args,
        "authors",
      ),
    checkSuites: (args: PageArgs) =>
      connection(
        suites.map((s) => ({
          createdAt: s.createdAt,
          branch: s.branch ? { name: s.branch } : null,
          app: { databaseId: s.app.id, slug: s.app.slug },
          workflowRun: s.workflowRun
            ? {
                resourcePath: `/${fake.owner}/${fake.name}/actions/runs/${s.workflowRun.id}`,
                file: { path: s.workflowRun.path, repositoryName: s.workflowRun.repository },
              }
            : null,
          checkRuns: (a: PageArgs) =>
            connection(
              fake.checkRuns.filter((r) => r.suiteId === s.id).map((r) => checkRunView(fake, r)),
              a,
              "checkRuns",
            ),
        })),
        args,
        "checkSuites",
      ),
    associatedPullRequests: (args: PageArgs) =>
      connection(
        [...fake.pulls.values()]
          .filter((p) => p.headSha === oid || p.commitOids.includes(oid) || p.mergeSha === oid)
          .map((p) => ({
            number: p.number,
            state: p.state === "open" ? "OPEN" : p.mergeSha ? "MERGED" : "CLOSED",
            headRefOid: p.headSha,
          })),
        args,
        "associatedPullRequests",
      ),
    file: ({ path }: { path: string }) => {
      // Other files (local actions' action.yml) are those of `fake.files`, at every commit.
      const blob = fake.files.get(path);
      if (blob !== undefined) return { path, object: { __typename: "Blob", text: blob } };
      if (path !== ".github/workflows") return null;
      return {
        path,
        object: {
          __typename: "Tree",
          entries: [...workflows].map(([p, text]) => ({ path: p, object: { __typename: "Blob", text } })),
        },
      };
    },
  };
}

function checkRunView(fake: FakeGitHub, r: FakeCheckRun) {
  return {
    resourcePath: `/${fake.owner}/${fake.name}/runs/${r.id}`,
    name: r.name,
    status: r.status.toUpperCase(),
    conclusion: r.conclusion ? r.conclusion.toUpperCase() : null,
    completedAt: r.completedAt,
    title: r.output.title,
    summary: r.output.summary,
    text: r.output.text,
  };
}

/** The `PullRequest` object. */
export function pullRequestView(fake: FakeGitHub, pull: FakePull) {
  const comments = fake.comments
    .filter((c) => c.issue === pull.number)
    .map((c) => ({
      id: c.id,
      author: actor(c.author),
      body: c.body,
      createdAt: c.createdAt ?? "2026-11-20T12:00:00Z",
      lastEditedAt: c.lastEditedAt ?? null,
      includesCreatedEdit: c.includesCreatedEdit ?? false,
    }));
  const reviews = fake.reviews
    .filter((r) => r.pull === pull.number)
    .map((r) => ({
      id: `PRR_${r.id}`,
      author: actor(r.user),
      state: r.state,
      submittedAt: r.submittedAt,
      commit: { oid: r.commitId },
    }));
  return {
    state: pull.state === "open" ? "OPEN" : "CLOSED",
    url: `https://github.com/${fake.owner}/${fake.name}/pull/${pull.number}`,
    headRefOid: pull.headSha,
    headRefName: pull.headRef,
    author: actor(pull.author),
    files: (args: PageArgs) =>
      connection(
        pull.files.map((path) => ({ path })),
        args,
        "files",
      ),
    commits: (args: PageArgs) =>
      connection(
        pull.commitOids.map((oid) => ({ commit: commitView(fake, oid) })),
        args,
        "commits",
      ),
    timelineItems: (args: PageArgs & { itemTypes?: string[] }) => {
      const items = pull.forcePushes.map((p) => ({
        __typename: "HeadRefForcePushedEvent",
        createdAt: p.at,
        afterCommit: { oid: p.after },
        actor: actor(p.by ?? pull.author),
      }));
      const wanted = args.itemTypes?.includes("HEAD_REF_FORCE_PUSHED_EVENT") ?? true;
      return connection(wanted ? items : [], args, "timelineItems");
    },
    reviews: (args: PageArgs) => connection(reviews, args, "reviews"),
    comments: (args: PageArgs) => connection(comments, args, "comments"),
  };
}
