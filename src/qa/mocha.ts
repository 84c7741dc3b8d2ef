import { QaInputError } from "./errors.js";
import { count, duration } from "./figures.js";
import { type TestCase, testCase } from "./test-case.js";

interface MochaTest {
  title?: string;
  fullTitle?: string;
  file?: string;
  duration?: number;
  currentRetry?: number;
  pending?: boolean;
  err?: { message?: string; stack?: string };
}

// Hooks report failures under titles like `"before all" hook for "reserves stock"`.
const HOOK = /^"(before|after) (all|each)" hook/;

/**
 * Parses Mocha's JSON reporter output (`mocha --reporter json`,
 * https://mochajs.org/#json): `stats` and the `tests`, `pending`, `failures` and `passes`
 * lists. Each entry of `tests` is one test (a passed test with `currentRetry` > 0 is flaky: it
 * failed before `this.retries()` passed it); a failing hook is in `failures` only and counts
 * as an errored test named after the hook, as Mocha's own "N failing" counts it. So the
 * counts equal Mocha's summary: passing + pending + failing.
 *
 * @throws QaInputError naming the file (not Mocha JSON, impossible figures)
 */
export function parseMocha(json: unknown, file: string): TestCase[] {
  const doc = json as {
    stats?: Record<string, unknown>;
    tests?: unknown;
    failures?: unknown;
    pending?: unknown;
  };
  if (!doc || typeof doc !== "object" || !doc.stats || !Array.isArray(doc.tests))
    throw new QaInputError(file, 'not Mocha JSON: no "stats" and "tests"');
  for (const name of ["suites", "tests", "passes", "pending", "failures"])
    count(doc.stats[name], file, `stats.${name}`);
  duration(doc.stats.duration, "ms", file, "stats.duration");
  const pending = new Set((Array.isArray(doc.pending) ? doc.pending : []).map((t: MochaTest) => key(t)));
  const out = (doc.tests as MochaTest[]).map((t) => mochaCase(t, pending, file, false));
  for (const f of (Array.isArray(doc.failures) ? doc.failures : []) as MochaTest[])
    if (HOOK.test(f.title ?? "")) out.push(mochaCase(f, pending, file, true));
  return out;
}

function key(t: MochaTest): string {
  return `${t.file ?? ""}\u0000${t.fullTitle ?? t.title ?? ""}`;
}

function mochaCase(t: MochaTest, pending: Set<string>, file: string, hook: boolean): TestCase {
  const name = t.fullTitle ?? t.title ?? "(unnamed test)";
  const failed = Boolean(t.err && (t.err.message || t.err.stack));
  const status: TestCase["status"] = hook
    ? "errored"
    : failed
      ? "failed"
      : t.pending || (t.duration === undefined && pending.has(key(t)))
        ? "skipped"
        : "passed";
  const { message: text, stack } = t.err ?? {};
  // The stack usually starts with the message; it carries the location.
  const message = failed
    ? stack && text && !stack.includes(text)
      ? `${text}\n${stack}`
      : (stack ?? text)
    : undefined;
  return testCase({
    name,
    file: t.file,
    status,
    flaky: status === "passed" && (t.currentRetry ?? 0) > 0,
    message: message ?? (failed ? "(no message)" : undefined),
    durationMs: duration(t.duration, "ms", file, `test "${name}" duration`),
  });
}
