import { z } from "zod";
import { ROLES } from "../planner/schema.js";
import { GateSettings } from "./gate-policies.js";
import {
  CapacitySettings,
  LabelSettings,
  LlmSettings,
  Login,
  PlannerSettings,
  TriggerSettings,
} from "./planning-schema.js";
import { ReleaseSettings } from "./release-schema.js";
import { Budget, normalizeTeam, TeamRole } from "./team-budget.js";

export { DeploymentPolicy, Level, PullRequestPolicy } from "./gate-policies.js";

/** Path of the configuration file in a repository (read from the default branch only). */
export const CONFIG_PATH = ".github/flightdeck.yml";

/**
 * The file's shape before the team is normalized (`team.<role>` as a list or as
 * `{ members, agent }`). Strict: an unknown key is an error, so a typo never silently turns a
 * setting off. Every key has a default; an empty file is a valid config.
 */
export const ConfigFile = z
  .object({
    trigger: TriggerSettings,
    planner: PlannerSettings,
    llm: LlmSettings,
    team: z
      .partialRecord(z.enum(ROLES), z.union([z.array(Login).max(50), TeamRole]))
      .default({})
      .describe(
        `GitHub logins per role (${ROLES.join(", ")}); each task goes to the least-loaded member of its role, e.g. \`backend: [alice, bob]\`, or \`backend: { members: [alice, bob], agent: { name: Ada } }\` to name the role's agent. Default: nobody (tasks stay unassigned).`,
      ),
    budget: Budget,
    capacity: CapacitySettings,
    labels: LabelSettings,
    gates: GateSettings,
    release: ReleaseSettings,
  })
  .strict()
  .describe(
    "Flightdeck's configuration, read from `.github/flightdeck.yml` on the default branch. Every key is optional.",
  );

/**
 * The whole `.github/flightdeck.yml`, normalized: `team` is logins per role (whatever form the
 * file used) and `agents` holds the persona names (`team.<role>.agent.name`) by role.
 */
export const Config = ConfigFile.transform(normalizeTeam);

export type Config = z.infer<typeof Config>;

/** The configuration used when a repository has no `.github/flightdeck.yml`. */
export const DEFAULT_CONFIG: Config = Config.parse({});
