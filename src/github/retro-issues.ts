import type { ActionItem } from "../launch/retro.js";
import { isFromThisApp } from "./comments.js";
import { ensureLabel } from "./labels.js";
import type { Octokit } from "./octokit.js";

type Repo = { owner: string; repo: string };

/** `<!-- flightdeck:retro-item source=12 key=p1-tests -->`: the issue opened for one action item of #12's report. */
export function retroItemMarker(source: number, key: string): string {
  return `<!-- flightdeck:retro-item source=${source} key=${key} -->`;
}

/**
 * Opens one issue per action item (labelled `label`, created if missing), skipping the items
 * this App already opened for that report — found by their marker among the label's issues, open
 * or closed (GET /repos/{o}/{r}/issues?labels=…&state=all) — so applying twice opens nothing new.
 * Items are opened one by one, each after the read, so a retry after a lost answer finds it.
 * POST /repos/{o}/{r}/issues, POST …/labels.
 * @returns the issue number of every item, and which were opened now
 */
export async function openRetroIssues(
  octokit: Octokit,
  repo: Repo,
  input: { source: number; items: ActionItem[]; label: string; appId: number },
): Promise<Array<{ key: string; number: number; created: boolean }>> {
  const existing = (
    await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      labels: input.label,
      state: "all",
      per_page: 100,
    })
  ).filter((i) => !i.pull_request && isFromThisApp(i, input.appId));
  const out: Array<{ key: string; number: number; created: boolean }> = [];
  let labelReady = false;
  for (const item of input.items) {
    const marker = retroItemMarker(input.source, item.key);
    const found = existing.find((i) => (i.body ?? "").includes(marker));
    if (found) {
      out.push({ key: item.key, number: found.number, created: false });
      continue;
    }
    if (!labelReady) {
      await ensureLabel(octokit, repo, {
        name: input.label,
        color: "c5def5",
        description: "Flightdeck retrospective action item",
      });
      labelReady = true;
    }
    const body = `${item.body}\n\nFrom the retrospective of #${input.source}.\n\n${marker}`;
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title: item.title.slice(0, 256),
      body,
      labels: [input.label],
    });
    out.push({ key: item.key, number: data.number, created: true });
  }
  return out;
}
