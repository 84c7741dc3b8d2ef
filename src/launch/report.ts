import { doraFigures } from "./dora.js";
import type { LaunchFacts } from "./facts.js";
import { planVsActual } from "./plan-actual.js";
import type { LaunchReport } from "./render.js";
import { retrospective } from "./retro.js";

/**
 * Computes a launch report from its facts: planned vs actual, the DORA figures of every
 * environment deployed to in the window (the release's environment first) and the
 * retrospective. Figures are always computed here, never generated. Pure.
 */
export function buildLaunchReport(facts: LaunchFacts): LaunchReport {
  const now = new Date(facts.now);
  const plan = planVsActual(facts.epics, now);
  const envs = [facts.environment, ...new Set(facts.deployments.map((d) => d.environment))].filter(
    (e, i, all) => all.indexOf(e) === i,
  );
  const dora = envs.map((e) => doraFigures(facts.deployments, e, now, facts.windowDays));
  const production = dora[0];
  return { facts, plan, dora, retro: retrospective(facts, plan, production) };
}
