import { readFileSync } from "node:fs";
import { Probot } from "probot";
import { FlightdeckOctokit, installationOctokit, type Octokit } from "../github/octokit.js";
import { positiveInt } from "./inputs.js";
import { CliError, type CliIo } from "./io.js";

/** The CLI's flags that name the Flightdeck App (each falls back to its environment variable). */
export interface AppFlags {
  /** `--app-id`, else APP_ID. */
  appId?: string | undefined;
  /** `--private-key-path`, else PRIVATE_KEY_PATH; PRIVATE_KEY holds the PEM text itself. */
  privateKeyPath?: string | undefined;
}

/** The CLI acting as the Flightdeck App (its JWT), for what a personal token cannot read or write. */
export interface AppAuth {
  appId: number;
  /** A client signed with the App's JWT: GET /app/hook/deliveries, GET /repos/{o}/{r}/installation. */
  jwt(): Promise<Octokit>;
  /**
   * A client with the installation token of one repository (GET /repos/{o}/{r}/installation,
   * then POST /app/installations/{id}/access_tokens): it writes as the App (e.g. the ledger).
   */
  installation(owner: string, repo: string): Promise<Octokit>;
}

/** The App's id when known, and its credentials when the private key is there too. */
export interface AppIdentity {
  appId?: number;
  auth?: AppAuth;
  /** Why the CLI cannot act as the App, for a WARN or warning line: which variables to set. */
  missing?: string;
}

/** How to give the CLI the App's credentials (shown wherever they are missing). */
export const APP_CREDENTIALS_HINT =
  "set APP_ID (or --app-id) and PRIVATE_KEY (the App's PEM key) or PRIVATE_KEY_PATH (or --private-key-path)";

/**
 * Reads the App's id and private key from flags and environment (APP_ID, PRIVATE_KEY,
 * PRIVATE_KEY_PATH). With both, the CLI authenticates as the App through Probot (JWT signed
 * locally, RS256). The key is never printed: a bad key is reported by where it came from only.
 * @throws CliError (usage) for a bad app id, an unreadable key file, or text that is not a PEM key
 */
export function appIdentity(io: CliIo, flags: AppFlags): AppIdentity {
  const idText = flags.appId ?? io.env.APP_ID;
  const appId = idText ? positiveInt("--app-id", idText) : undefined;
  const path = flags.privateKeyPath ?? io.env.PRIVATE_KEY_PATH;
  let key = io.env.PRIVATE_KEY;
  let source = "PRIVATE_KEY";
  if (path) {
    source = flags.privateKeyPath ? "--private-key-path" : "PRIVATE_KEY_PATH";
    try {
      key = readFileSync(path, "utf8");
    } catch (error) {
      throw new CliError(`${source}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`, 2);
    }
  }
  if (appId === undefined || !key)
    return {
      ...(appId !== undefined ? { appId } : {}),
      missing: `the App's JWT is needed: ${APP_CREDENTIALS_HINT}`,
    };
  // Environments often hold the key with literal "\n"s; Probot accepts both forms.
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.replace(/\\n/g, "\n")))
    throw new CliError(`${source} is not a PEM private key (-----BEGIN … PRIVATE KEY-----)`, 2);
  const probot = new Probot({
    appId,
    privateKey: key,
    logLevel: "fatal",
    Octokit: io.appOctokitClass ?? FlightdeckOctokit,
    ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
  });
  const jwt = () => installationOctokit(probot, 0);
  return {
    appId,
    auth: {
      appId,
      jwt,
      async installation(owner, repo) {
        const { data } = await (await jwt()).rest.apps.getRepoInstallation({ owner, repo });
        return installationOctokit(probot, data.id);
      },
    },
  };
}
