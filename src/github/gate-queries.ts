/**
 * The GraphQL documents the gate reads a pull request with (GitHub's public schema; checked
 * against test/fixtures/github/schema.docs.graphql by the tests). Needs Pull requests, Checks,
 * Actions and Contents read.
 */

const PAGE = "pageInfo { hasNextPage endCursor }";
const ACTOR = "author { __typename login }";
const COMMENT = `id ${ACTOR} body createdAt lastEditedAt includesCreatedEdit`;
const REVIEW = `id ${ACTOR} state submittedAt commit { oid }`;
const GIT_ACTOR = "user { login }";
const COMMIT = `commit { author { ${GIT_ACTOR} } committer { ${GIT_ACTOR} } authors(first: 10) { nodes { ${GIT_ACTOR} } } }`;
const FORCE_PUSH =
  "... on HeadRefForcePushedEvent { createdAt afterCommit { oid } actor { __typename login } }";
const HEAD_COMMIT = `
fragment HeadCommit on Commit {
  oid committedDate
  checkSuites(first: 100) {
    nodes {
      createdAt branch { name } app { databaseId slug }
      workflowRun { resourcePath file { path repositoryName } }
      checkRuns(first: 100) { nodes { resourcePath name status conclusion completedAt title summary text } }
    }
  }
  workflows: file(path: ".github/workflows") {
    object { ... on Tree { entries { path object { ... on Blob { text } } } } }
  }
  associatedPullRequests(first: 50) { nodes { number state headRefOid } }
}`;

/** Page 1: the pull request, its head commit (check suites, runs, workflow files) and first pages. */
export const GATE_PULL_REQUEST = `query GatePullRequest($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    nameWithOwner
    pullRequest(number: $number) {
      state url headRefOid headRefName ${ACTOR}
      files(first: 100) { ${PAGE} nodes { path } }
      commits(first: 100) { ${PAGE} nodes { ${COMMIT} } }
      last: commits(last: 1) { nodes { commit { ...HeadCommit } } }
      timelineItems(first: 100, itemTypes: [HEAD_REF_FORCE_PUSHED_EVENT]) { ${PAGE} nodes { ${FORCE_PUSH} } }
      reviews(first: 100) { ${PAGE} nodes { ${REVIEW} } }
      comments(first: 100) { totalCount ${PAGE} nodes { ${COMMENT} } }
      lastComments: comments(last: 100) { pageInfo { hasPreviousPage startCursor } nodes { ${COMMENT} } }
    }
  }
}
${HEAD_COMMIT}`;

/**
 * Files read at the head commit by path, as aliases `f0…` of variables `$f0…` (paths are data:
 * they travel as variables, never inside the document). Used for local actions' `action.yml`.
 */
function headFiles(count: number): { vars: string; fields: string } {
  if (!count) return { vars: "", fields: "" };
  const ids = Array.from({ length: count }, (_, i) => i);
  return {
    vars: `, $head: GitObjectID!${ids.map((i) => `, $f${i}: String!`).join("")}`,
    fields: `head: object(oid: $head) { ... on Commit { ${ids
      .map((i) => `f${i}: file(path: $f${i}) { object { ... on Blob { text } } }`)
      .join(" ")} } }`,
  };
}

/**
 * Later pages: each connection that has more, comments from both ends (`@include` per
 * connection), and `files` files at the head commit (`headFiles`) riding along.
 */
export function gatePullRequestMore(files = 0): string {
  const extra = headFiles(files);
  return `query GatePullRequestMore($owner: String!, $name: String!, $number: Int!,
  $files: String, $wantFiles: Boolean!, $commits: String, $wantCommits: Boolean!,
  $pushes: String, $wantPushes: Boolean!, $reviews: String, $wantReviews: Boolean!,
  $front: String, $frontCount: Int!, $wantFront: Boolean!,
  $back: String, $backCount: Int!, $wantBack: Boolean!${extra.vars}) {
  repository(owner: $owner, name: $name) {${extra.fields ? `\n    ${extra.fields}` : ""}
    pullRequest(number: $number) {
      files(first: 100, after: $files) @include(if: $wantFiles) { ${PAGE} nodes { path } }
      commits(first: 100, after: $commits) @include(if: $wantCommits) { ${PAGE} nodes { ${COMMIT} } }
      timelineItems(first: 100, after: $pushes, itemTypes: [HEAD_REF_FORCE_PUSHED_EVENT]) @include(if: $wantPushes) { ${PAGE} nodes { ${FORCE_PUSH} } }
      reviews(first: 100, after: $reviews) @include(if: $wantReviews) { ${PAGE} nodes { ${REVIEW} } }
      comments(first: $frontCount, after: $front) @include(if: $wantFront) { ${PAGE} nodes { ${COMMENT} } }
      lastComments: comments(last: $backCount, before: $back) @include(if: $wantBack) { pageInfo { hasPreviousPage startCursor } nodes { ${COMMENT} } }
    }
  }
}`;
}

/** Later pages without files (see `gatePullRequestMore`). */
export const GATE_PULL_REQUEST_MORE = gatePullRequestMore(0);

/** Files at the head commit alone (`headFiles`), when no page is left to carry them. */
export function gateHeadFiles(files: number): string {
  const extra = headFiles(files);
  return `query GateHeadFiles($owner: String!, $name: String!${extra.vars}) {
  repository(owner: $owner, name: $name) { ${extra.fields} }
}`;
}

/** The head commit by oid, when `commits(last: 1)` is not the head (commits listed out of order). */
export const GATE_HEAD_COMMIT = `query GateHeadCommit($owner: String!, $name: String!, $oid: GitObjectID!) {
  repository(owner: $owner, name: $name) { object(oid: $oid) { ...HeadCommit } }
}
${HEAD_COMMIT}`;
