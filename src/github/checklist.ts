import { checklistMarker, renderChecklist } from "../release/checklist.js";
import { ensureLabel } from "./labels.js";
import type { Octokit } from "./octokit.js";

/**
 * Opens the readiness-checklist issue of a release, labelled `label` (created if missing), or
 * returns the open one that already exists for that version (found by its marker), so a repeated
 * command never makes a second checklist. GET/POST /repos/{o}/{r}/issues, POST …/labels.
 */
export async function openChecklist(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  input: { version: string; label: string; template?: string },
): Promise<{ number: number; created: boolean }> {
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    labels: input.label,
    state: "open",
    per_page: 100,
  });
  const existing = open.find(
    (i) => !i.pull_request && (i.body ?? "").includes(checklistMarker(input.version)),
  );
  if (existing) return { number: existing.number, created: false };
  await ensureLabel(octokit, repo, {
    name: input.label,
    color: "0e8a16",
    description: "Flightdeck release readiness checklist",
  });
  const { title, body } = renderChecklist(input.version, input.template);
  const { data } = await octokit.rest.issues.create({ ...repo, title, body, labels: [input.label] });
  return { number: data.number, created: true };
}
