import { activeSources, type SecuritySource } from "../gates/security.js";
import { loadRepoConfig } from "../github/config.js";
import { listOpenPulls } from "../github/open-pulls.js";
import { gateJobFor } from "./gate-triggers.js";
import type { JobSpec, RepoRef } from "./job.js";

/** Security alerts changed: which sources, and the one pull request they concern (absent: every open one). */
export type GateSecurityJob = RepoRef & { sources: SecuritySource[]; pull?: number };

/** Queue key of a repository's security-alert fan-outs: they run one at a time. */
export function securityKey(repo: { owner: string; repo: string }): string {
  return `${repo.owner}/${repo.repo}:security-alerts`;
}

/**
 * Security alerts of a repository changed (code_scanning_alert, dependabot_alert): re-evaluates
 * the gate of the pull requests whose verdict they can change — only when the default branch's
 * config has the pull-request gate read one of the changed sources (otherwise no verdict can
 * change, and nothing is read beyond the config). One pull request when the alert names it,
 * else the open pull requests, most recently updated first, at most MAX_OPEN_PULL_PAGES pages;
 * each gate job is keyed and coalesced per pull request like every other evaluation. An invalid
 * config re-evaluates nothing: the gate already reports it.
 */
export const gateSecurity: JobSpec<"gate.security"> = {
  window: true,
  async run({ deps, enqueue, job }, d) {
    const loaded = await loadRepoConfig(deps.octokit, d);
    if (!loaded.ok) return;
    const read = activeSources(loaded.config.gates.pullRequest.security);
    if (!d.sources.some((s) => read.includes(s))) return;
    let pulls = d.pull !== undefined ? [d.pull] : [];
    if (d.pull === undefined) {
      const open = await listOpenPulls(deps.octokit, d);
      if (open.truncated)
        deps.log.warn(
          `security alerts changed: re-evaluating only the ${open.pulls.length} most recently updated open pull requests`,
        );
      pulls = open.pulls;
    }
    // The gate job reads the pull request afresh and skips it once closed.
    for (const pull of pulls) await enqueue(gateJobFor(job, d, pull));
  },
  // Several alerts of one analysis fold into one fan-out; different pull requests widen it to all.
  merge: (waiting, next) => {
    const merged: GateSecurityJob = {
      ...next,
      sources: [...new Set([...waiting.sources, ...next.sources])].sort(),
    };
    if (waiting.pull !== next.pull) delete merged.pull;
    return merged;
  },
  coalesce: { id: (d) => `${[...d.sources].sort().join(",")}|${d.pull ?? "*"}` },
};
