import { openChecklist } from "../github/checklist.js";
import { FlightdeckOctokit, type Octokit } from "../github/octokit.js";
import { renderChecklist, validVersion } from "../release/checklist.js";
import { readConfig } from "./inputs.js";
import { CliError, type CliIo } from "./io.js";

/**
 * `flightdeck checklist <version>`: prints the readiness checklist (from the config's template or
 * the built-in one), or with --repo opens it as an issue the same way `/flightdeck launch` does.
 * @throws CliError for a bad version, repository or missing token
 */
export async function checklistCommand(
  version: string,
  options: { config?: string; repo?: string },
  io: CliIo,
): Promise<void> {
  if (!validVersion(version))
    throw new CliError(`"${version}" is not a version: use something like v1.4.0`, 2);
  const config = await readConfig(options.config);
  const template = config.release.checklistTemplate;
  if (!options.repo) {
    const { title, body } = renderChecklist(version, template);
    io.stdout(`# ${title}\n\n${body}`);
    return;
  }
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repo);
  if (!m) throw new CliError(`--repo must be OWNER/NAME, got "${options.repo}"`, 2);
  const token = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
  if (!token)
    throw new CliError("GITHUB_TOKEN is not set: a token with issues:write on the repository is needed.", 2);
  const octokit = io.octokit?.(token) ?? (new FlightdeckOctokit({ auth: token }) as Octokit);
  const result = await openChecklist(
    octokit,
    { owner: m[1] as string, repo: m[2] as string },
    {
      version,
      label: config.release.checklistLabel,
      ...(template ? { template } : {}),
    },
  );
  io.stdout(`${result.created ? "Opened" : "Already open:"} ${options.repo}#${result.number}`);
}
