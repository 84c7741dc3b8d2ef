import { DEFAULT_CONFIG } from "../config/schema.js";
import { plural } from "../text/plural.js";
import type { DoctorFacts } from "./facts.js";
import { budgetLine, deliveriesLine, environmentLines, llmLine, qaLine } from "./launch-lines.js";
import type { DoctorLine, DoctorReport } from "./lines.js";
import { configLine, installationLine, labelsLine, rulesLine } from "./setup-lines.js";

export { QA_RUN_MAX_AGE_DAYS } from "./launch-lines.js";
export type { DoctorLine, DoctorReport, DoctorStatus } from "./lines.js";
export { neededEvents, neededPermissions } from "./setup-lines.js";

/**
 * Judges the facts into the doctor's lines, in a fixed order, each with its fix. Pure. When the
 * config is invalid, the other lines are judged against the defaults (and the config line fails).
 */
export function evaluateDoctor(facts: DoctorFacts): DoctorReport {
  const config = facts.config.ok ? facts.config.config : DEFAULT_CONFIG;
  const lines: DoctorLine[] = [
    configLine(facts),
    labelsLine(facts, config),
    installationLine(facts, config),
    rulesLine(facts),
    ...environmentLines(facts, config),
    qaLine(facts, config),
    llmLine(facts, config),
    budgetLine(facts),
    deliveriesLine(facts),
  ];
  const failing = lines.filter((l) => l.status === "FAIL").length;
  const warnings = lines.filter((l) => l.status === "WARN").length;
  const overall = failing
    ? `Not cleared for launch: ${plural(failing, "check")} failed${warnings ? `, ${plural(warnings, "warning")}` : ""}.`
    : warnings
      ? `Cleared for launch, with ${plural(warnings, "warning")}.`
      : "Cleared for launch: every check passed.";
  return { repository: facts.repository, lines, cleared: failing === 0, overall };
}
