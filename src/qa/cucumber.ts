import { QaInputError } from "./errors.js";
import { duration } from "./figures.js";
import { type TestCase, testCase, withPriorityTag } from "./test-case.js";

interface Step {
  keyword?: string;
  name?: string;
  line?: number;
  hidden?: boolean;
  result?: { status?: string; duration?: number; error_message?: string };
}

interface Element {
  type?: string;
  name?: string;
  keyword?: string;
  line?: number;
  tags?: Array<{ name?: string }>;
  steps?: Step[];
  before?: Step[];
  after?: Step[];
}

interface Feature {
  uri?: string;
  name?: string;
  tags?: Array<{ name?: string }>;
  elements?: Element[];
}

/**
 * Parses Cucumber's JSON report (`cucumber-js --format json:…`, cucumber-jvm `json:`, cucumber-ruby
 * `--format json`): an array of features, each with `elements`; every element of type
 * `scenario` is one test (each row of a Scenario Outline's examples is its own scenario, even
 * with one name); backgrounds are not tests. A scenario is failed when a step or hook failed,
 * errored when a step is undefined or ambiguous (it could not run), skipped when a step is
 * pending or skipped, else passed — as the runner's "N scenarios (…)" line counts them.
 * Durations are ns; tags `@p0`–`@p2` (scenario or feature) set the priority; the location is
 * the failing step's line in the feature file.
 *
 * @throws QaInputError naming the file (not Cucumber JSON, a negative duration)
 */
export function parseCucumber(json: unknown, file: string): TestCase[] {
  if (
    !Array.isArray(json) ||
    json.some((f) => !f || typeof f !== "object" || !("elements" in f || "uri" in f))
  )
    throw new QaInputError(
      file,
      'not Cucumber JSON: expected an array of features with "uri" and "elements"',
    );
  const out: TestCase[] = [];
  for (const feature of json as Feature[]) {
    for (const el of feature.elements ?? []) {
      if (el.type !== undefined && el.type !== "scenario") continue;
      out.push(scenario(el, feature, file));
    }
  }
  return out;
}

function scenario(el: Element, feature: Feature, file: string): TestCase {
  const name = el.name || "(unnamed scenario)";
  const steps = [...(el.before ?? []), ...(el.steps ?? []), ...(el.after ?? [])];
  const statusOf = (s: Step) => s.result?.status ?? "skipped";
  const failed = steps.find((s) => statusOf(s) === "failed");
  const broken = steps.find((s) => statusOf(s) === "undefined" || statusOf(s) === "ambiguous");
  const status: TestCase["status"] = failed
    ? "failed"
    : broken
      ? "errored"
      : steps.some((s) => statusOf(s) === "pending" || statusOf(s) === "skipped")
        ? "skipped"
        : "passed";
  let durationMs = 0;
  for (const s of steps)
    durationMs += duration(s.result?.duration, "ns", file, `scenario "${name}" step duration`);
  const culprit = failed ?? broken;
  const stepText = culprit ? `${(culprit.keyword ?? "").trim()} ${culprit.name ?? ""}`.trim() : "";
  const message = culprit
    ? failed
      ? [stepText, failed.result?.error_message?.trim()].filter(Boolean).join("\n")
      : `${stepText}: the step is ${statusOf(culprit)}`
    : undefined;
  const tags = [...(el.tags ?? []), ...(feature.tags ?? [])].map((t) => t.name ?? "");
  return testCase({
    name,
    classname: feature.name,
    file: feature.uri,
    line: (culprit && !culprit.hidden ? culprit.line : undefined) ?? el.line,
    status,
    message,
    durationMs,
    properties: withPriorityTag({}, tags),
  });
}
