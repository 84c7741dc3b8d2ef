import type { Octokit } from "./octokit.js";

/**
 * One mutation for everything a Mission Control refresh writes: `count` comments
 * (addComment, `$s{i}` subject node id and `$c{i}` body) and, when `withBody`, the epic body
 * (updateIssue, `$epic` and `$epicBody`) — so a refresh costs one write request however many
 * handoffs it posts. Text travels only as variables.
 */
export function missionControlMutation(count: number, withBody: boolean): string {
  const vars = Array.from({ length: count }, (_, i) => `$s${i}: ID!, $c${i}: String!`);
  if (withBody) vars.push("$epic: ID!", "$epicBody: String!");
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `  c${i}: addComment(input: { subjectId: $s${i}, body: $c${i} }) { commentEdge { node { id } } }`,
  );
  // The body first: if a comment is then refused, the refresh's retry re-reads and posts only
  // the comments whose markers are still missing.
  if (withBody) fields.unshift("  epic: updateIssue(input: { id: $epic, body: $epicBody }) { issue { id } }");
  return `mutation MissionControl(${vars.join(", ")}) {\n${fields.join("\n")}\n}`;
}

/** Comments per request: GitHub counts each mutation toward its secondary limit (≈ 80 writes/min). */
export const COMMENTS_PER_REQUEST = 20;

/**
 * Writes the epic's new body (when given) and posts the handoff comments, in
 * ⌈comments / 20⌉ GraphQL requests (at least one). Not auto-retried (a lost answer could
 * duplicate comments): the job's retry re-reads the state and writes what is still missing.
 * @returns the number of requests made
 */
export async function writeMissionControl(
  octokit: Octokit,
  write: { epicId: string; body?: string; comments: Array<{ subjectId: string; body: string }> },
): Promise<number> {
  let requests = 0;
  let body = write.body;
  const comments = [...write.comments];
  while (body !== undefined || comments.length) {
    const chunk = comments.splice(0, COMMENTS_PER_REQUEST);
    const vars: Record<string, unknown> = { request: { retries: 0 } };
    chunk.forEach((c, i) => {
      vars[`s${i}`] = c.subjectId;
      vars[`c${i}`] = c.body;
    });
    if (body !== undefined) Object.assign(vars, { epic: write.epicId, epicBody: body });
    await octokit.graphql(missionControlMutation(chunk.length, body !== undefined), vars);
    requests++;
    body = undefined;
  }
  return requests;
}
