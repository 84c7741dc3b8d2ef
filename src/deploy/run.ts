import { type DeployReport, REPORT_SCHEMA } from "../reports/schema.js";
import { type SmokeOptions, type SmokeResult, smokeTest } from "./smoke.js";

/** Where GitHub's deployment records are written; injected so the flow runs without GitHub too. */
export interface DeploymentRecorder {
  /** Creates the deployment (POST /repos/{o}/{r}/deployments). @returns its id */
  create(environment: string, sha: string, description: string): Promise<number>;
  /** Adds a status (POST /repos/{o}/{r}/deployments/{id}/statuses). */
  status(
    id: number,
    state: "in_progress" | "success" | "failure" | "error",
    details: { description: string; environmentUrl?: string },
  ): Promise<void>;
}

export interface DeployOptions {
  environment: string;
  sha: string;
  deployCommand: string;
  rollbackCommand?: string;
  /** Where the deployed service answers; the smoke test URL. */
  smoke?: SmokeOptions;
  /** Public URL of the environment, shown on the deployment. */
  environmentUrl?: string;
  /** Runs a command line; returns its exit code. */
  shell: (command: string) => Promise<number>;
  recorder?: DeploymentRecorder;
  smokeDeps?: Parameters<typeof smokeTest>[1];
  log?: (line: string) => void;
}

/**
 * Deploys and verifies: records a GitHub deployment (in_progress), runs the deploy command,
 * smoke-tests the URL, and on any failure runs the rollback command with the reason recorded
 * ("smoke test: GET /health returned 503 three times"), marks the deployment failed and reports
 * `rolled_back` (or `failure` when there is no rollback or it fails too). Never throws for a
 * failed deploy: the report says what happened.
 */
export async function runDeployment(options: DeployOptions): Promise<DeployReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const recorder = options.recorder;
  const id = recorder
    ? await recorder.create(
        options.environment,
        options.sha,
        `Flightdeck deploy of ${options.sha.slice(0, 7)}`,
      )
    : undefined;
  if (id !== undefined) await recorder?.status(id, "in_progress", { description: "Deploying" });

  let reason: string | undefined;
  let smoke: SmokeResult | undefined;
  log(`deploying ${options.sha.slice(0, 7)} to ${options.environment}`);
  const deployExit = await options.shell(options.deployCommand);
  if (deployExit !== 0) {
    reason = `deploy command exited with code ${deployExit}`;
  } else if (options.smoke) {
    smoke = await smokeTest(options.smoke, options.smokeDeps);
    if (!smoke.pass) reason = smoke.reason;
  }

  let outcome: DeployReport["outcome"] = "success";
  let rollback: DeployReport["rollback"];
  if (reason) {
    log(`deploy failed: ${reason}`);
    if (options.rollbackCommand) {
      const exit = await options.shell(options.rollbackCommand);
      rollback = { reason, ran: true, exitCode: exit };
      outcome = exit === 0 ? "rolled_back" : "failure";
      if (exit !== 0) log(`rollback command exited with code ${exit}`);
    } else {
      rollback = { reason, ran: false };
      outcome = "failure";
    }
  }
  if (id !== undefined) {
    await recorder?.status(id, outcome === "success" ? "success" : "failure", {
      description: (outcome === "success"
        ? "Deployed and smoke-tested"
        : `${outcome === "rolled_back" ? "Rolled back" : "Failed"}: ${reason}`
      ).slice(0, 140),
      ...(options.environmentUrl ? { environmentUrl: options.environmentUrl } : {}),
    });
  }
  return {
    schema: REPORT_SCHEMA,
    kind: "deploy",
    sha: options.sha,
    createdAt: new Date().toISOString(),
    environment: options.environment,
    outcome,
    ...(options.environmentUrl ? { url: options.environmentUrl } : {}),
    ...(smoke
      ? {
          smoke: {
            url: smoke.url,
            attempts: smoke.attempts,
            pass: smoke.pass,
            ...(smoke.status !== undefined ? { status: smoke.status } : {}),
            ...(smoke.reason ? { reason: smoke.reason } : {}),
          },
        }
      : {}),
    ...(rollback ? { rollback } : {}),
    durationMs: Date.now() - started,
  };
}
