import { formatConfigProblems } from "../config/parse.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import type {
  BudgetState,
  DoctorFacts,
  EnvironmentFacts,
  FailedDelivery,
  QaWorkflowFacts,
  RequiredCheck,
  RequiredChecks,
  Unavailable,
} from "../doctor/facts.js";
import { ledgerBudgetState } from "./budget-state.js";
import { loadRepoConfig } from "./config.js";
import type { Octokit } from "./octokit.js";

/** How far back failed webhook deliveries count, in hours. */
export const DELIVERY_WINDOW_HOURS = 24;
/** Most workflow files read while looking for the QA workflow. */
const MAX_WORKFLOW_FILES = 30;
/** A workflow that runs Flightdeck's QA: the QA Action (`…/actions/qa@…`, or `./actions/qa` here) or the CLI's `qa` command. */
const QA_WORKFLOW =
  /uses:\s*["']?(?:[\w.-]+\/[\w.-]+|\.)\/actions\/qa(?:@|["'\s]|$)|\bflightdeck(?:-launch)?(?:@[\w.^~-]+)?\s+qa\b/m;

/** What the doctor reads with, and what it is told. */
export interface DoctorReadOptions {
  owner: string;
  repo: string;
  /** `app`: installation token plus `appOctokit`; `token`: a personal or workflow token. */
  mode: "app" | "token";
  /**
   * The App's own (JWT) client: GET /repos/{o}/{r}/installation and GET /app/hook/deliveries
   * need it (the app's, or the CLI's with APP_ID and the private key).
   */
  appOctokit?: () => Promise<Octokit>;
  /** Without `appOctokit`: why those facts are not read and how to enable them (shown as WARN). */
  noJwt?: string;
  appId?: number;
  /** `check(model)` makes one tiny call (`--check-llm`); without it no call is made. */
  llm: { keyPresent: boolean; check?: (model: string) => Promise<{ ok: boolean; detail: string }> };
  /** The budget ledger's state (issue 10 §4); "not configured" when none is given. */
  budgetState?: () => Promise<BudgetState>;
  now: Date;
}

const reason = (error: unknown): Unavailable => {
  const e = error as { status?: number; message?: string };
  return { unavailable: `${e.status ? `${e.status} ` : ""}${e.message ?? String(error)}`.slice(0, 300) };
};
async function attempt<T>(read: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await read();
  } catch (error) {
    return reason(error);
  }
}

/**
 * Reads every fact the pre-flight doctor judges, each read failing on its own (a missing
 * permission becomes that line's finding, never the whole report's failure). Endpoints:
 * GET /repos/{o}/{r}; the config (contents); GET /repos/{o}/{r}/labels; GET /repos/{o}/{r}/installation
 * (JWT); GET /repos/{o}/{r}/rules/branches/{branch}; GET /repos/{o}/{r}/branches/{branch} (its
 * protection summary, readable without Administration); GET /repos/{o}/{r}/environments/{name}
 * and …/deployment_protection_rules; GET /repos/{o}/{r}/actions/workflows, the workflow files and
 * …/workflows/{id}/runs; GET /app/hook/deliveries (JWT).
 * @throws Error only when the repository itself cannot be read
 */
export async function readDoctorFacts(octokit: Octokit, options: DoctorReadOptions): Promise<DoctorFacts> {
  const { owner, repo } = options;
  const { data: repository } = await octokit.rest.repos.get({ owner, repo });
  const branch = repository.default_branch;
  const loaded = await attempt(() => loadRepoConfig(octokit, { owner, repo, defaultBranch: branch }));
  const config: DoctorFacts["config"] =
    "unavailable" in loaded
      ? { ok: false, source: ".github/flightdeck.yml", problems: `unreadable: ${loaded.unavailable}` }
      : loaded.ok
        ? { ok: true, config: loaded.config, source: loaded.source }
        : { ok: false, source: loaded.source, problems: formatConfigProblems(loaded).replace(/\*\*/g, "") };
  const envNames = config.ok ? Object.keys(config.config.gates.deployments) : [];
  const app = options.appOctokit?.();
  const noJwt: Unavailable = {
    unavailable: `a personal or workflow token cannot read it (${options.noJwt ?? "the App's JWT is needed"})`,
  };
  const [labels, installation, requiredChecks, qaWorkflow, deliveries, llmCheck, budget] = await Promise.all([
    attempt(async () =>
      (await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 })).map(
        (l) => l.name,
      ),
    ),
    app
      ? attempt(async () => {
          const { data } = await (await app).rest.apps.getRepoInstallation({ owner, repo });
          return { permissions: data.permissions as Record<string, string>, events: data.events };
        })
      : noJwt,
    attempt(() => readRequiredChecks(octokit, owner, repo, branch)),
    attempt(() => readQaWorkflow(octokit, owner, repo, branch)),
    app ? attempt(async () => readFailedDeliveries(await app, repository.id, options.now)) : noJwt,
    options.llm
      .check?.(config.ok ? config.config.llm.model : DEFAULT_CONFIG.llm.model)
      .catch((e: Error) => ({ ok: false, detail: e.message })),
    budgetFact(octokit, options, config),
  ]);
  const environments: DoctorFacts["environments"] = {};
  for (const name of envNames)
    environments[name] = await attempt(() => readEnvironment(octokit, owner, repo, name));
  return {
    repository: `${owner}/${repo}`,
    defaultBranch: branch,
    mode: options.mode,
    ...(options.appId !== undefined ? { appId: options.appId } : {}),
    config,
    labels,
    installation,
    requiredChecks,
    environments,
    qaWorkflow,
    llm: { keyPresent: options.llm.keyPresent, ...(llmCheck ? { check: llmCheck } : {}) },
    budget,
    deliveries,
    now: options.now,
  };
}

async function readRequiredChecks(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<RequiredChecks> {
  const rules = await octokit.paginate(octokit.rest.repos.getBranchRules, {
    owner,
    repo,
    branch,
    per_page: 100,
  });
  const checks: RequiredCheck[] = [];
  for (const rule of rules as Array<{
    type: string;
    parameters?: { required_status_checks?: Array<{ context: string; integration_id?: number }> };
  }>) {
    if (rule.type !== "required_status_checks") continue;
    for (const c of rule.parameters?.required_status_checks ?? [])
      checks.push({ context: c.context, appId: c.integration_id ?? null, from: "ruleset" });
  }
  let protectionNote: string | undefined;
  try {
    const { data } = await octokit.rest.repos.getBranch({ owner, repo, branch });
    const status = data.protection?.required_status_checks;
    for (const c of status?.checks ?? [])
      checks.push({ context: c.context, appId: c.app_id, from: "branch protection" });
    if (data.protected && !status)
      protectionNote = "branch protection's required checks are not visible to this token";
  } catch (error) {
    protectionNote = `branch protection unreadable: ${reason(error).unavailable}`;
  }
  return { checks, ...(protectionNote ? { protectionNote } : {}) };
}

async function readEnvironment(
  octokit: Octokit,
  owner: string,
  repo: string,
  name: string,
): Promise<EnvironmentFacts> {
  let env: {
    protection_rules?: Array<{
      type: string;
      reviewers?: Array<{ reviewer?: { login?: string; slug?: string } | null }>;
    }>;
  };
  try {
    env = (await octokit.rest.repos.getEnvironment({ owner, repo, environment_name: name }))
      .data as typeof env;
  } catch (error) {
    if ((error as { status?: number }).status === 404)
      return { exists: false, reviewers: [], customRules: [] };
    throw error;
  }
  const reviewers = (env.protection_rules ?? [])
    .filter((r) => r.type === "required_reviewers")
    .flatMap((r) => r.reviewers ?? [])
    .map((r) => r.reviewer?.login ?? r.reviewer?.slug ?? "?");
  const { data } = await octokit.rest.repos.getAllDeploymentProtectionRules({
    owner,
    repo,
    environment_name: name,
  });
  const customRules = (data.custom_deployment_protection_rules ?? [])
    .filter((r) => r.enabled && r.app)
    .map((r) => ({ appId: r.app.id, slug: r.app.slug }));
  return { exists: true, reviewers, customRules };
}

async function readQaWorkflow(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<QaWorkflowFacts> {
  const { data } = await octokit.rest.actions.listRepoWorkflows({ owner, repo, per_page: 100 });
  for (const wf of data.workflows.filter((w) => w.state === "active").slice(0, MAX_WORKFLOW_FILES)) {
    let text = "";
    try {
      const { data: file } = await octokit.rest.repos.getContent({ owner, repo, path: wf.path, ref: branch });
      if (!Array.isArray(file) && file.type === "file" && "content" in file)
        text = Buffer.from(file.content, "base64").toString("utf8");
    } catch {
      continue; // a workflow file that is gone or unreadable is not the QA workflow
    }
    if (!QA_WORKFLOW.test(text)) continue;
    const { data: runs } = await octokit.rest.actions.listWorkflowRuns({
      owner,
      repo,
      // By file name (GitHub accepts either): a number in the path is ambiguous to oneOf checks.
      workflow_id: wf.path.split("/").pop() as string,
      branch,
      per_page: 1,
    });
    const run = runs.workflow_runs[0];
    return {
      path: wf.path,
      ...(run
        ? {
            lastRun: {
              conclusion: run.conclusion,
              status: run.status ?? "unknown",
              createdAt: run.created_at,
              url: run.html_url,
            },
          }
        : {}),
    };
  }
  return {};
}

async function readFailedDeliveries(app: Octokit, repositoryId: number, now: Date) {
  const { data } = await app.rest.apps.listWebhookDeliveries({ per_page: 100 });
  const since = now.getTime() - DELIVERY_WINDOW_HOURS * 3_600_000;
  const recent = data.filter((d) => d.repository_id === repositoryId && Date.parse(d.delivered_at) >= since);
  const failed: FailedDelivery[] = recent
    .filter((d) => !(d.status_code >= 200 && d.status_code < 300))
    .map((d) => ({
      guid: d.guid,
      event: d.event,
      action: d.action,
      statusCode: d.status_code,
      deliveredAt: d.delivered_at,
    }));
  return { failed, checked: recent.length, windowHours: DELIVERY_WINDOW_HOURS };
}

/**
 * The budget line: the caller's source when given (the app's); else, with a monthly budget
 * configured, the ledger read as this App's (`appId`), or why it cannot be read.
 */
async function budgetFact(
  octokit: Octokit,
  options: DoctorReadOptions,
  config: DoctorFacts["config"],
): Promise<DoctorFacts["budget"]> {
  if (options.budgetState) return options.budgetState();
  if (!config.ok || config.config.budget.monthlyUsd === undefined) return { state: "not-configured" };
  if (options.appId === undefined)
    return {
      unavailable: "the ledger's comments count only when written by this App, and its id is not known",
    };
  const { appId } = options;
  return attempt(() =>
    ledgerBudgetState(
      octokit,
      { owner: options.owner, repo: options.repo },
      config.config,
      appId,
      options.now,
    ),
  );
}
