/**
 * Environment variables a deploy or rollback command never inherits from the Action's process:
 * - `INPUT_*`: the Action's own inputs, among them `INPUT_GITHUB_TOKEN` (the `github-token`
 *   input defaults to the workflow's token) — the commands get the GitHub token only when the
 *   workflow passes it to them explicitly (`env: GITHUB_TOKEN: …` on the step or job);
 * - the runner's internal credentials (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_TOKEN`
 *   and its URL: cache/artifact access and OIDC tokens).
 */
const WITHHELD =
  /^(INPUT_.*|ACTIONS_RUNTIME_TOKEN|ACTIONS_RUNTIME_URL|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL|ACTIONS_RESULTS_URL|ACTIONS_CACHE_URL)$/i;

/**
 * The environment of the deploy and rollback commands: the process environment without the
 * withheld variables above, plus `extra` (FLIGHTDECK_ENVIRONMENT, FLIGHTDECK_SHA).
 */
export function commandEnvironment(env: NodeJS.ProcessEnv, extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!WITHHELD.test(k)) out[k] = v;
  return { ...out, ...extra };
}
