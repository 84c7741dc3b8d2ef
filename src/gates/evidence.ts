import { posix } from "node:path";
import { parse as parseYaml } from "yaml";
import { reportFromCheckText } from "../reports/publish.js";
import { CHECK_NAMES, type Report } from "../reports/schema.js";
import { inlineUntrusted } from "../text/sanitize.js";

/** GitHub Actions' own App: check runs made with a workflow's GITHUB_TOKEN belong to it. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** A check run on the commit under evaluation, with the producer GitHub records for it. */
export interface EvidenceRun {
  id: number;
  name: string;
  status: string;
  /** ISO time; null while running. */
  completedAt: string | null;
  text: string | null;
  /** The App that created the check run (`check_run.app`); null when GitHub does not say. */
  app: { id: number; slug: string } | null;
  /** The workflow run of the check run's check suite, for check runs made by Actions. */
  workflowRun?: {
    id: number;
    /** Workflow file path, e.g. `.github/workflows/qa.yml`. */
    path: string;
    /** `owner/repo` holding the workflow file (another repository for ruleset-required workflows). */
    repository: string;
  };
}

/** What the evidence is judged against: the pull request and the commit under evaluation. */
export interface EvidenceContext {
  /** `owner/repo` of the pull request's base repository. */
  repository: string;
  headSha: string;
  /** Paths the pull request changes (GET /pulls/{n}/files, or GraphQL `PullRequest.files`). */
  changedFiles: string[];
  /** Workflow files at the head commit, by path; a missing one could not be read. */
  workflows: Map<string, string>;
  /**
   * Metadata (`action.yml`) of local actions at the head commit, by directory (no `./`); null
   * when the directory has none, absent when it was not read (beyond the reader's bounds).
   */
  actions?: Map<string, string | null>;
}

/** How deep local actions using local actions are followed (a workflow's own `uses` are level 1). */
export const MAX_LOCAL_ACTION_DEPTH = 5;

/** Whether a local `uses` path is a reusable workflow file (they live in `.github/workflows/`). */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

/** The outcome for one report kind: the report that counts, or why none does. */
export interface JudgedEvidence {
  report?: Report;
  /** The newest trusted check run's report could not be used (unreadable or disagreeing): fails. */
  problem?: string;
  /** Why check runs of this name were not evidence (other producer, modified workflow), newest first. */
  untrusted: string[];
}

/**
 * Judges the check runs named for `kind` ("Flightdeck QA", …) on the commit under evaluation.
 * A check run is trusted only when GitHub Actions made it (`app.id` 15368) in a workflow run
 * whose workflow file — and every local action (`uses: ./…`) and reusable workflow it uses — the
 * pull request does not change (a pull request can rewrite the workflows that run on it, so a
 * check run's name proves nothing). Of the trusted check runs only the newest completed one
 * counts: when its report is unreadable, or names another repository, commit or workflow run
 * than the check run it came from, that is the problem (failing), never skipped for an older one.
 * Pure.
 */
export function judgeEvidence(
  kind: keyof typeof CHECK_NAMES,
  runs: EvidenceRun[],
  context: EvidenceContext,
): JudgedEvidence {
  const name = CHECK_NAMES[kind];
  const candidates = runs
    .filter((r) => r.name === name && r.status === "completed")
    .sort((a, b) => (b.completedAt ?? "").localeCompare(a.completedAt ?? "") || b.id - a.id);
  const untrusted: string[] = [];
  for (const run of candidates) {
    const distrust = whyUntrusted(run, context);
    if (distrust) {
      untrusted.push(distrust);
      continue;
    }
    const parsed = reportFromCheckText(run.text);
    if (!parsed.ok) return { problem: parsed.error, untrusted };
    const mismatch = disagreement(parsed.report, run, context);
    if (mismatch) return { problem: mismatch, untrusted };
    if (parsed.report.kind !== kind) {
      return { problem: `the ${name} check run holds a ${parsed.report.kind} report`, untrusted };
    }
    return { report: parsed.report, untrusted };
  }
  return { untrusted };
}

/** Why a check run is not evidence, or undefined when its producer is trusted. */
export function whyUntrusted(run: EvidenceRun, context: EvidenceContext): string | undefined {
  const label = `the ${run.name} check run ${run.id}`;
  if (run.app?.id !== GITHUB_ACTIONS_APP_ID || !run.workflowRun) {
    return `${label} was made by ${run.app ? `the app "${run.app.slug}"` : "an unknown app"}, not by a GitHub Actions workflow run; it is not evidence`;
  }
  const { path, repository } = run.workflowRun;
  if (repository.toLowerCase() !== context.repository.toLowerCase()) {
    // A workflow in another repository (a ruleset-required one, e.g. ORG/.github) cannot be
    // changed by the pull request — but only the repository's own organization can require one.
    const owner = (r: string) => r.split("/")[0]?.toLowerCase();
    if (owner(repository) === owner(context.repository)) return undefined;
    return `the ${run.name} check run ${run.id} came from a workflow in ${repository}, outside ${context.repository.split("/")[0]}; it is not evidence`;
  }
  const what = workflowKind(run.name);
  if (context.changedFiles.includes(path)) {
    return `the ${what} workflow ${path} was modified in this pull request; its report is not evidence`;
  }
  const text = context.workflows.get(path);
  if (text === undefined) {
    return `the ${what} workflow ${path} could not be read at ${context.headSha.slice(0, 7)}; its report is not evidence`;
  }
  const problem = modifiedUse(text, context);
  return problem ? `the ${what} workflow ${path} ${problem}; its report is not evidence` : undefined;
}

/**
 * Follows a workflow's local actions and reusable workflows, and theirs in turn (composite
 * actions may use local actions), breadth first, each once (cycles end), to depth
 * MAX_LOCAL_ACTION_DEPTH. @returns what the pull request changed on the way ("uses ./a, which
 * uses ./b, which this pull request modifies (b/run.sh)"), or why it cannot be told; undefined
 * when nothing it uses is modified
 */
function modifiedUse(workflowText: string, context: EvidenceContext): string | undefined {
  const changed = context.changedFiles;
  type Step = { path: string; chain: string[]; text: string };
  const seen = new Set<string>();
  let level: Step[] = [{ path: "", chain: [], text: workflowText }];
  for (let depth = 1; level.length; depth++) {
    const next: Step[] = [];
    for (const from of level) {
      const uses = localUses(from.text);
      if (!uses) return `${describeChain(from.chain)}${from.chain.length ? "which " : ""}is not valid YAML`;
      // A JavaScript or Docker action may run files outside its directory (`main: ../lib/x.js`).
      const ran = from.path && !isWorkflowPath(from.path) ? actionRuns(from.path, from.text) : [];
      const ranHit = changed.find((f) => ran.includes(f));
      if (ranHit) return `${describeChain(from.chain)}which runs ${ranHit}, which this pull request modifies`;
      for (const local of uses) {
        const chain = [...from.chain, local];
        const hit = changed.find((f) => local === "" || f === local || f.startsWith(`${local}/`));
        if (hit) return `${describeChain(chain)}which this pull request modifies (${hit})`;
        if (seen.has(local)) continue;
        seen.add(local);
        const text = isWorkflowPath(local) ? context.workflows.get(local) : context.actions?.get(local);
        if (text === null)
          return `${describeChain(chain)}which has no action.yml at ${context.headSha.slice(0, 7)}`;
        if (text === undefined) {
          return depth >= MAX_LOCAL_ACTION_DEPTH
            ? `${describeChain(chain)}which nests local actions deeper than ${MAX_LOCAL_ACTION_DEPTH} levels`
            : `${describeChain(chain)}which could not be read at ${context.headSha.slice(0, 7)}`;
        }
        next.push({ path: local, chain, text });
      }
    }
    level = next;
  }
  return undefined;
}

/** Files an action's `runs` names outside its directory (`main`, `pre`, `post`, a local `image`). */
function actionRuns(dir: string, text: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  const runs = (doc as { runs?: Record<string, unknown> } | null)?.runs;
  if (!runs || typeof runs !== "object") return [];
  return ["main", "pre", "post", "image"]
    .map((k) => runs[k])
    .filter((v): v is string => typeof v === "string" && !v.startsWith("docker://"))
    .map((v) => posix.normalize(posix.join(dir, v)));
}

/** "uses ./a, which uses ./b, " for a chain of local uses ("" for the workflow itself). */
function describeChain(chain: string[]): string {
  return chain.map((c) => `uses ./${c}, `).join("which ");
}

/** Why a report disagrees with the check run that carries it, or undefined. */
function disagreement(report: Report, run: EvidenceRun, context: EvidenceContext): string | undefined {
  const prefix = `the ${run.name} check run ${run.id} carries a report`;
  if (!report.repository || !report.sha || report.runId === undefined || !report.workflow) {
    return `${prefix} that does not name its repository, commit, workflow and run (publish it with the current Flightdeck action)`;
  }
  if (report.repository.toLowerCase() !== context.repository.toLowerCase()) {
    return `${prefix} about ${report.repository}, not ${context.repository}`;
  }
  if (report.sha !== context.headSha) {
    return `${prefix} about commit ${report.sha.slice(0, 7)}, not ${context.headSha.slice(0, 7)}`;
  }
  if (report.runId !== run.workflowRun?.id) {
    return `${prefix} from workflow run ${report.runId}, but the check run came from run ${run.workflowRun?.id}`;
  }
  if (report.workflow !== run.workflowRun?.path) {
    return `${prefix} from workflow ${inlineUntrusted(report.workflow)}, but the check run came from ${run.workflowRun?.path}`;
  }
  return undefined;
}

function workflowKind(checkName: string): string {
  if (checkName === CHECK_NAMES.qa) return "QA";
  if (checkName === CHECK_NAMES.load) return "load-test";
  return "deploy";
}

/**
 * Repository paths of the local actions and reusable workflows a workflow uses (`uses: ./x`),
 * without the leading `./`; undefined when the text is not YAML. Answers are remembered per
 * text (at most 1,000): every evaluation re-reads the same workflow files.
 */
export function localUses(workflowText: string): string[] | undefined {
  if (usesCache.has(workflowText)) return usesCache.get(workflowText);
  if (usesCache.size >= 1_000) usesCache.clear();
  const found = parseLocalUses(workflowText);
  usesCache.set(workflowText, found);
  return found;
}

const usesCache = new Map<string, string[] | undefined>();

function parseLocalUses(workflowText: string): string[] | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(workflowText, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== "object") return;
    for (const [key, v] of Object.entries(value)) {
      if (key === "uses" && typeof v === "string" && v.trim().startsWith("./")) {
        // Local paths are relative to the workspace root, also inside composite actions.
        const normal = posix.normalize(v.trim().replace(/@.*$/, "")).replace(/\/+$/, "");
        found.add(normal === "." ? "" : normal);
      } else walk(v);
    }
  };
  walk(doc);
  return [...found];
}
