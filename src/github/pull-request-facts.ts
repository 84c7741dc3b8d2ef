import type { HeadFacts, PullComment } from "../gates/commands.js";
import type { EvidenceRun } from "../gates/evidence.js";
import type { Review } from "../gates/pull-request.js";
import { GATE_HEAD_COMMIT, GATE_PULL_REQUEST, gateHeadFiles, gatePullRequestMore } from "./gate-queries.js";
import { LocalActionReader } from "./local-actions.js";
import type { Octokit } from "./octokit.js";

/** Everything the gate reads about a pull request, from one paginated GraphQL query. */
export interface PullRequestFacts {
  /** `owner/repo`. */
  repository: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  url: string;
  author: string;
  head: HeadFacts;
  /**
   * Logins of the authors and committers of the pull request's commits and of whoever
   * force-pushed its head (GitHub users only): people who changed the code never approve it.
   */
  contributors: string[];
  changedFiles: string[];
  comments: PullComment[];
  reviews: Review[];
  /** Check runs on the head commit, with their app and workflow run. */
  checkRuns: Array<EvidenceRun & { conclusion: string | null; title: string | null; summary: string | null }>;
  /** Workflow files (`.github/workflows/*`) at the head commit, by path. */
  workflows: Map<string, string>;
  /** Local actions' metadata at the head commit, by directory (see `LocalActionReader`). */
  actions: Map<string, string | null>;
  /**
   * Other open pull requests whose head is this head commit (`Commit.associatedPullRequests`):
   * GitHub keeps one check run per name and commit, so they share the Go/No-Go check run.
   */
  sharingHead: number[];
  /** GraphQL requests made. */
  requests: number;
}

type Page<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] };
type Actor = { __typename: string; login: string } | null;
type RawComment = {
  id: string;
  author: Actor;
  body: string;
  createdAt: string;
  lastEditedAt: string | null;
  includesCreatedEdit: boolean;
};
type RawReview = {
  id: string;
  author: Actor;
  state: string;
  submittedAt: string | null;
  commit: { oid: string } | null;
};
type GitActor = { user: { login: string } | null } | null;
type RawCommit = { commit: { author: GitActor; committer: GitActor; authors: { nodes: GitActor[] } } };
type RawPush = { createdAt?: string; afterCommit?: { oid: string } | null; actor?: Actor };
type RawHead = {
  oid: string;
  committedDate: string;
  checkSuites: {
    nodes: Array<{
      createdAt: string;
      branch: { name: string } | null;
      app: { databaseId: number; slug: string } | null;
      workflowRun: { resourcePath: string; file: { path: string; repositoryName: string } | null } | null;
      checkRuns: {
        nodes: Array<{
          resourcePath: string;
          name: string;
          status: string;
          conclusion: string | null;
          completedAt: string | null;
          title: string | null;
          summary: string | null;
          text: string | null;
        }>;
      };
    }>;
  };
  workflows: {
    object: { entries?: Array<{ path: string; object: { text?: string | null } | null }> } | null;
  } | null;
  associatedPullRequests: { nodes: Array<{ number: number; state: string; headRefOid: string }> } | null;
};
type RawFile = { object: { text?: string | null } | null } | null;
type RawPull = {
  state: PullRequestFacts["state"];
  url: string;
  headRefOid: string;
  headRefName: string;
  author: Actor;
  files: Page<{ path: string }>;
  commits: Page<RawCommit>;
  last: { nodes: Array<{ commit: RawHead }> };
  timelineItems: Page<RawPush>;
  reviews: Page<RawReview>;
  comments: Page<RawComment> & { totalCount: number };
  lastComments: { pageInfo: { hasPreviousPage: boolean; startCursor: string | null }; nodes: RawComment[] };
};

/**
 * Reads a pull request's gate facts with one GraphQL query (`GatePullRequest`), then as few
 * follow-up pages as GitHub's 100-node limit allows (`GatePullRequestMore`). Comments are read
 * from both ends at once (`first` and `last`), so 500 comments take 3 requests, not 5.
 * @throws Error when the repository or pull request does not exist, or on API errors
 */
export async function readPullRequestFacts(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  number: number,
): Promise<PullRequestFacts> {
  const vars = { owner: repo.owner, name: repo.repo, number };
  const first = await octokit.graphql<{
    repository: { nameWithOwner: string; pullRequest: RawPull | null } | null;
  }>(GATE_PULL_REQUEST, vars);
  let requests = 1;
  const pr = first.repository?.pullRequest;
  if (!first.repository || !pr)
    throw new Error(`pull request ${repo.owner}/${repo.repo}#${number} not found`);

  const files = [...pr.files.nodes];
  const commits = [...pr.commits.nodes];
  const pushes = [...pr.timelineItems.nodes];
  const reviews = [...pr.reviews.nodes];
  const comments = new Map<string, RawComment>();
  for (const c of [...pr.comments.nodes, ...pr.lastComments.nodes]) comments.set(c.id, c);
  const cursors = {
    files: pr.files.pageInfo,
    commits: pr.commits.pageInfo,
    pushes: pr.timelineItems.pageInfo,
    reviews: pr.reviews.pageInfo,
    front: pr.comments.pageInfo.endCursor,
    back: pr.lastComments.pageInfo.startCursor,
  };
  let head = pr.last.nodes[0]?.commit;
  if (head?.oid !== pr.headRefOid) {
    const found = await octokit.graphql<{ repository: { object: RawHead | null } }>(GATE_HEAD_COMMIT, {
      owner: repo.owner,
      name: repo.repo,
      oid: pr.headRefOid,
    });
    requests++;
    head = found.repository.object ?? undefined;
  }
  const workflows = new Map(
    (head?.workflows?.object?.entries ?? []).flatMap((e) =>
      typeof e.object?.text === "string" ? [[e.path, e.object.text] as const] : [],
    ),
  );
  // Local actions' metadata rides along with the comment pages; what is left takes its own requests.
  const actions = new LocalActionReader(workflows);
  const fileVars = (paths: string[]) =>
    Object.fromEntries([["head", pr.headRefOid], ...paths.map((p, i) => [`f${i}`, p])]);
  const fileTexts = (data: Record<string, RawFile> | null | undefined, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const text = data?.[`f${i}`]?.object?.text;
      return typeof text === "string" ? text : null;
    });

  // Comments between the two ends, still to read; bounded by GitHub's cap on page count.
  let remaining = pr.comments.totalCount - comments.size;
  for (let i = 0; i < 50; i++) {
    const frontCount = Math.min(100, Math.max(0, remaining));
    const backCount = Math.min(100, Math.max(0, remaining - frontCount));
    const want = {
      wantFiles: cursors.files.hasNextPage,
      wantCommits: cursors.commits.hasNextPage,
      wantPushes: cursors.pushes.hasNextPage,
      wantReviews: cursors.reviews.hasNextPage,
      wantFront: frontCount > 0,
      wantBack: backCount > 0,
    };
    if (!Object.values(want).some(Boolean)) break;
    const read = actions.next();
    const more = await octokit.graphql<{
      repository: { pullRequest: Partial<RawPull>; head?: Record<string, RawFile> | null };
    }>(gatePullRequestMore(read.paths.length), {
      ...vars,
      ...(read.paths.length ? fileVars(read.paths) : {}),
      ...want,
      files: cursors.files.endCursor,
      commits: cursors.commits.endCursor,
      pushes: cursors.pushes.endCursor,
      reviews: cursors.reviews.endCursor,
      front: cursors.front,
      frontCount: Math.max(1, frontCount),
      back: cursors.back,
      backCount: Math.max(1, backCount),
    });
    requests++;
    actions.take(read.dirs, fileTexts(more.repository.head, read.paths.length));
    const p = more.repository.pullRequest;
    if (p.files) {
      files.push(...p.files.nodes);
      cursors.files = p.files.pageInfo;
    }
    if (p.commits) {
      commits.push(...p.commits.nodes);
      cursors.commits = p.commits.pageInfo;
    }
    if (p.timelineItems) {
      pushes.push(...p.timelineItems.nodes);
      cursors.pushes = p.timelineItems.pageInfo;
    }
    if (p.reviews) {
      reviews.push(...p.reviews.nodes);
      cursors.reviews = p.reviews.pageInfo;
    }
    const before = comments.size;
    for (const c of [...(p.comments?.nodes ?? []), ...(p.lastComments?.nodes ?? [])]) comments.set(c.id, c);
    if (p.comments) cursors.front = p.comments.pageInfo.endCursor;
    if (p.lastComments) cursors.back = p.lastComments.pageInfo.startCursor;
    remaining = comments.size === before ? 0 : remaining - (comments.size - before);
  }

  for (let read = actions.next(); read.paths.length; read = actions.next()) {
    const data = await octokit.graphql<{ repository: { head?: Record<string, RawFile> | null } }>(
      gateHeadFiles(read.paths.length),
      { owner: repo.owner, name: repo.repo, ...fileVars(read.paths) },
    );
    requests++;
    actions.take(read.dirs, fileTexts(data.repository.head, read.paths.length));
  }
  return {
    repository: first.repository.nameWithOwner,
    state: pr.state,
    url: pr.url,
    author: pr.author?.login ?? "",
    head: {
      sha: pr.headRefOid,
      committedDate: head?.committedDate ?? "",
      headRef: pr.headRefName,
      forcePushes: pushes
        .filter((p) => p.createdAt)
        .map((p) => ({ at: p.createdAt as string, after: p.afterCommit?.oid })),
      checkSuites: (head?.checkSuites.nodes ?? []).map((s) => ({
        createdAt: s.createdAt,
        branch: s.branch?.name,
      })),
    },
    contributors: [
      ...new Set([
        ...contributorsOf(commits),
        ...pushes.flatMap((p) => (p.actor?.__typename === "User" ? [p.actor.login] : [])),
      ]),
    ],
    changedFiles: files.map((f) => f.path),
    comments: [...comments.values()].map((c) => ({
      author: c.author?.login ?? "ghost",
      authorIsBot: c.author?.__typename !== "User",
      body: c.body,
      createdAt: c.createdAt,
      edited: c.lastEditedAt !== null || c.includesCreatedEdit,
    })),
    reviews: reviews
      .filter((r) => r.author?.__typename === "User" && r.submittedAt)
      .map((r) => ({
        user: r.author?.login ?? "",
        state: r.state,
        commitId: r.commit?.oid ?? "",
        submittedAt: r.submittedAt as string,
      })),
    checkRuns: checkRunsOf(head),
    workflows,
    actions: actions.actions,
    sharingHead: (head?.associatedPullRequests?.nodes ?? [])
      .filter((p) => p.state === "OPEN" && p.headRefOid === pr.headRefOid && p.number !== number)
      .map((p) => p.number),
    requests,
  };
}

function contributorsOf(commits: RawCommit[]): string[] {
  const logins = new Set<string>();
  for (const { commit } of commits) {
    for (const actor of [commit.author, commit.committer, ...commit.authors.nodes]) {
      if (actor?.user?.login) logins.add(actor.user.login);
    }
  }
  return [...logins];
}

/**
 * The REST id at the end of a `resourcePath` (`/o/r/runs/123`, `/o/r/actions/runs/456`). Check
 * run and workflow run ids have outgrown GraphQL's 32-bit `databaseId: Int` (and these types have
 * no `fullDatabaseId`), so the id is read from the path instead.
 */
function idFromPath(path: string): number {
  return Number(/\/(\d+)$/.exec(path)?.[1] ?? Number.NaN);
}

function checkRunsOf(head: RawHead | undefined): PullRequestFacts["checkRuns"] {
  return (head?.checkSuites.nodes ?? []).flatMap((suite) =>
    suite.checkRuns.nodes.map((r) => ({
      id: idFromPath(r.resourcePath),
      name: r.name,
      status: r.status.toLowerCase(),
      conclusion: r.conclusion?.toLowerCase() ?? null,
      completedAt: r.completedAt,
      title: r.title,
      summary: r.summary,
      text: r.text,
      app: suite.app ? { id: suite.app.databaseId, slug: suite.app.slug } : null,
      ...(suite.workflowRun?.file
        ? {
            workflowRun: {
              id: idFromPath(suite.workflowRun.resourcePath),
              path: suite.workflowRun.file.path,
              repository: suite.workflowRun.file.repositoryName,
            },
          }
        : {}),
    })),
  );
}
