import { type Config, DEFAULT_CONFIG } from "../config/schema.js";
import { loadRepoConfig } from "../github/config.js";
import { readEpicTasks } from "../github/epic-tasks.js";
import { findEpicsOf } from "../github/issue-epics.js";
import { writeMissionControl } from "../github/mission-control.js";
import { epicOwnText, replaceSection } from "../markers.js";
import { readBaseline, sealBaseline } from "../progress/baseline.js";
import { deriveEpicProgress } from "../progress/epic-state.js";
import { baselineOf, forecastProgress } from "../progress/forecast.js";
import { deriveHandoffs } from "../progress/handoffs.js";
import type { EpicRead } from "../progress/read-model.js";
import { renderMissionControl } from "../progress/render.js";
import type { JobSpec, RepoRef } from "./job.js";
import type { JobDeps } from "./types.js";

/**
 * Refresh one epic. `edit` is a person's edit of the epic body (from `issues.edited`): when a
 * refresh that read the body just before that edit wrote it back, the edit is restored.
 */
export type ProgressJob = RepoRef & {
  epic: number;
  edit?: { before: string; after: string; at: string };
};

/** What one refresh did. */
export interface ProgressResult {
  outcome: "updated" | "unchanged" | "not-an-epic";
  epicEdited: boolean;
  handoffs: number;
  /** GitHub requests: config, the state read, the writes. */
  requests: number;
  restoredEdit: boolean;
}

/** Queue key of an epic's Mission Control: refreshes of one epic run one at a time. */
export function progressKey(repo: { owner: string; repo: string }, epic: number): string {
  return `${repo.owner}/${repo.repo}#${epic}:progress`;
}

/**
 * Refreshes an epic's Mission Control section and posts the handoffs its tasks' state asks for:
 * config (default branch) → one GraphQL read of the epic and its sub-issues → one mutation with
 * the new body and every handoff comment (nothing when nothing changed). Only epics with
 * sub-issues this App created are touched; the text outside the section is never changed, and a
 * person's edit that a concurrent refresh overwrote is put back.
 */
export async function runProgressJob(deps: JobDeps, job: ProgressJob): Promise<ProgressResult> {
  const loaded = await loadRepoConfig(deps.octokit, job);
  let requests = 1;
  if (!loaded.ok)
    deps.log.warn(`Mission Control of #${job.epic} uses the default config: ${loaded.source} is invalid`);
  const config: Config = loaded.ok ? loaded.config : DEFAULT_CONFIG;
  const read = await readEpicTasks(deps.octokit, { owner: job.owner, repo: job.repo, epic: job.epic });
  requests++;
  const progress = deriveEpicProgress(read, {
    labels: config.labels,
    defaultEstimateHours: config.planner.defaultEstimateHours,
  });
  const result: ProgressResult = {
    outcome: "unchanged",
    epicEdited: false,
    handoffs: 0,
    requests,
    restoredEdit: false,
  };
  if (!progress.flightdeckTasks) return { ...result, outcome: "not-an-epic" };
  const now = deps.now();
  const restore = job.edit && overwrote(read, job.edit);
  const base = restore && job.edit ? job.edit.after : read.epic.body;
  const capacity = { team: config.team, ...config.capacity };
  const baseline =
    readBaseline(base, job.epic, deps.secret) ??
    baselineOf(progress, capacity, new Date(read.epic.createdAt));
  const section = renderMissionControl({
    progress,
    forecast: forecastProgress(progress, capacity, baseline, now),
    baselineMarker: sealBaseline(job.epic, baseline, deps.secret),
    weekendsOff: [...config.capacity.workdays].sort().join() === "fri,mon,thu,tue,wed",
    now,
  });
  const body = replaceSection(base, section);
  const handoffs = deriveHandoffs(read, progress, now);
  const edit = body !== read.epic.body;
  if (!edit && !handoffs.length) return result;
  result.requests += await writeMissionControl(deps.octokit, {
    epicId: read.epic.id,
    ...(edit ? { body } : {}),
    comments: handoffs.map((h) => ({ subjectId: h.taskId, body: h.body })),
  });
  deps.log.info(
    `Mission Control of #${job.epic}: ${edit ? "section updated" : "section unchanged"}, ${handoffs.length} handoff(s)${restore ? ", a concurrent edit restored" : ""}`,
  );
  return {
    ...result,
    outcome: "updated",
    epicEdited: edit,
    handoffs: handoffs.length,
    restoredEdit: Boolean(restore),
  };
}

/**
 * Whether this App's last write of the epic put back the text a person had just replaced: the
 * body's own text (outside the section) is again the edit's `before`, GitHub says this App
 * (the viewer) edited it last, after the person did.
 */
function overwrote(read: EpicRead, edit: NonNullable<ProgressJob["edit"]>): boolean {
  const own = (b: string) => epicOwnText(b).replace(/\r\n/g, "\n").trim();
  return (
    own(edit.after) !== own(edit.before) &&
    own(read.epic.body) === own(edit.before) &&
    read.viewer !== null &&
    read.epic.editor === read.viewer &&
    (read.epic.lastEditedAt ?? "") >= edit.at
  );
}

/**
 * The Mission Control refresh of one epic. Waiting refreshes coalesce (state is read when the
 * job runs, so one refresh covers every folded event); a person's edit is kept through folding.
 */
export const epicProgress: JobSpec<"epic.progress"> = {
  async run({ deps }, d) {
    await runProgressJob(deps, d);
  },
  merge: (waiting, next) => {
    const edit = next.edit ?? waiting.edit;
    return { ...next, ...(edit ? { edit } : {}) };
  },
  // BullMQ keeps the first job of an identity: edits get their own, so none is dropped.
  coalesce: { id: (d) => (d.edit ? `edit@${d.edit.at}` : "") },
};

/**
 * An issue Flightdeck did not create was closed or reopened: refresh the epics it is a sub-issue
 * of or blocks a sub-issue of (one read), each through its own coalescing refresh.
 */
export const epicLookup: JobSpec<"epic.lookup"> = {
  async run({ deps, enqueue, job }, d) {
    const epics = await findEpicsOf(deps.octokit, d);
    for (const epic of epics) {
      await enqueue({
        kind: "epic.progress",
        key: progressKey(d, epic),
        installationId: job.installationId,
        deliveryId: job.deliveryId,
        data: { owner: d.owner, repo: d.repo, defaultBranch: d.defaultBranch, epic },
        ...(d.progressDelayMs > 0 ? { delayMs: d.progressDelayMs } : {}),
      });
    }
  },
  merge: (_waiting, next) => next,
  coalesce: { id: () => "" },
};
