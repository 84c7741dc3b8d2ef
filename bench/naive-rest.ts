import type { Config } from "../src/config/schema.js";
import type { Octokit } from "../src/github/octokit.js";
import { taskBody, taskLabels } from "../src/planner/reconcile.js";
import type { Plan } from "../src/planner/schema.js";

/**
 * The baseline the benchmark compares against: the straightforward REST sequence other tools
 * use — create each label, then per task create the issue and link it as a sub-issue
 * (POST /issues, POST /issues/{n}/sub_issues with the new issue's id), one
 * POST /issues/{n}/dependencies/blocked_by per edge, then the epic body and a summary comment.
 */
export async function naiveRestApply(
  octokit: Octokit,
  ref: { owner: string; repo: string; epic: number },
  plan: Plan,
  config: Config,
): Promise<void> {
  const { owner, repo } = ref;
  const labels = new Map(plan.tasks.flatMap((t) => taskLabels(t, config.labels)).map((l) => [l.name, l]));
  for (const l of labels.values()) {
    await octokit.rest.issues.createLabel({
      owner,
      repo,
      name: l.name,
      color: l.color,
      description: l.description,
    });
  }
  const ids = new Map<string, { id: number; number: number }>();
  for (const task of plan.tasks) {
    const { data } = await octokit.rest.issues.create({
      owner,
      repo,
      title: task.title,
      body: taskBody(ref.epic, task),
      labels: taskLabels(task, config.labels).map((l) => l.name),
    });
    ids.set(task.key, { id: data.id, number: data.number });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
      owner,
      repo,
      issue_number: ref.epic,
      sub_issue_id: data.id,
    });
  }
  for (const task of plan.tasks) {
    for (const dep of task.dependsOn) {
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
        owner,
        repo,
        issue_number: ids.get(task.key)?.number as number,
        issue_id: ids.get(dep)?.id as number,
      });
    }
  }
  await octokit.rest.issues.update({ owner, repo, issue_number: ref.epic, body: "progress" });
  await octokit.rest.issues.createComment({ owner, repo, issue_number: ref.epic, body: "summary" });
}
