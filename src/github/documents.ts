/**
 * GraphQL documents Flightdeck sends to GitHub. Batched mutations are built with generated
 * aliases and variables only — user text always travels as a variable, never inside the document.
 * Every document is validated against GitHub's public schema in the tests.
 */

/** Reads an epic, its sub-issues with their blockers, our own comments, and repository labels. */
export function epicStateQuery(userCount: number): string {
  const vars = Array.from({ length: userCount }, (_, i) => `, $u${i}: String!`).join("");
  const users = Array.from({ length: userCount }, (_, i) => `  u${i}: user(login: $u${i}) { id login }`).join(
    "\n",
  );
  return `query EpicState($owner: String!, $name: String!, $number: Int!, $labelsAfter: String${vars}) {
  repository(owner: $owner, name: $name) {
    id
    issue(number: $number) {
      id
      number
      body
      state
      subIssues(first: 100) {
        totalCount
        nodes { id number title body state viewerDidAuthor blockedBy(first: 50) { nodes { id } } }
      }
      early: comments(first: 50) { nodes { id body viewerDidAuthor } }
      recent: comments(last: 100) { nodes { id body viewerDidAuthor } }
    }
    labels(first: 100, after: $labelsAfter) { pageInfo { hasNextPage endCursor } nodes { id name } }
  }
${users}
}`;
}

/** Reads one more page of repository labels (repositories with over 100 labels). */
export const LABELS_PAGE = `query LabelsPage($owner: String!, $name: String!, $labelsAfter: String) {
  repository(owner: $owner, name: $name) {
    labels(first: 100, after: $labelsAfter) { pageInfo { hasNextPage endCursor } nodes { id name } }
  }
}`;

/** Creates `count` labels in one request: variables $n{i}, $c{i}, $d{i} and $repo. */
export function createLabelsMutation(count: number): string {
  const vars = Array.from(
    { length: count },
    (_, i) => `, $n${i}: String!, $c${i}: String!, $d${i}: String`,
  ).join("");
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `  l${i}: createLabel(input: { repositoryId: $repo, name: $n${i}, color: $c${i}, description: $d${i} }) { label { id name } }`,
  ).join("\n");
  return `mutation CreateLabels($repo: ID!${vars}) {\n${fields}\n}`;
}

/**
 * Creates `count` issues as native sub-issues of $parent in one request (createIssue with
 * parentIssueId creates and links atomically, so a failure never leaves an unlinked issue).
 */
export function createSubIssuesMutation(count: number): string {
  const vars = Array.from(
    { length: count },
    (_, i) => `, $t${i}: String!, $b${i}: String!, $l${i}: [ID!], $a${i}: [ID!]`,
  ).join("");
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `  i${i}: createIssue(input: { repositoryId: $repo, parentIssueId: $parent, title: $t${i}, body: $b${i}, labelIds: $l${i}, assigneeIds: $a${i} }) { issue { id number title } }`,
  ).join("\n");
  return `mutation CreateSubIssues($repo: ID!, $parent: ID!${vars}) {\n${fields}\n}`;
}

/**
 * Adds `count` native "blocked by" dependencies ($x{i} is blocked by $y{i}) and, when
 * `withEpicBody`, rewrites the epic body ($epic, $epicBody) in the same request.
 */
export function linkDependenciesMutation(count: number, withEpicBody: boolean): string {
  const vars = Array.from({ length: count }, (_, i) => `$x${i}: ID!, $y${i}: ID!`);
  if (withEpicBody) vars.push("$epic: ID!", "$epicBody: String!");
  const fields = Array.from(
    { length: count },
    (_, i) => `  e${i}: addBlockedBy(input: { issueId: $x${i}, blockingIssueId: $y${i} }) { issue { id } }`,
  );
  if (withEpicBody)
    fields.push("  epic: updateIssue(input: { id: $epic, body: $epicBody }) { issue { id } }");
  return `mutation LinkDependencies(${vars.join(", ")}) {\n${fields.join("\n")}\n}`;
}

/** Posts a comment on an issue (by node id). */
export const ADD_COMMENT = `mutation AddComment($subject: ID!, $body: String!) {
  addComment(input: { subjectId: $subject, body: $body }) { commentEdge { node { id } } }
}`;

/** Rewrites one of our comments (by node id). */
export const UPDATE_COMMENT = `mutation UpdateComment($id: ID!, $body: String!) {
  updateIssueComment(input: { id: $id, body: $body }) { issueComment { id } }
}`;

/** The merge queue of a branch: each entry's pull request and merge-group head commit, in order. */
export const MERGE_QUEUE = `query MergeQueue($owner: String!, $name: String!, $branch: String!) {
  repository(owner: $owner, name: $name) {
    mergeQueue(branch: $branch) {
      entries(first: 100) { nodes { position headCommit { oid } pullRequest { number headRefOid } } }
    }
  }
}`;
