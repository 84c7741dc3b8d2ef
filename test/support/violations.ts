/**
 * The one registry of contract violations for every fake GitHub harness (nock in
 * nock-github.ts, the HTTP server in http-github.ts, anything else that checks a request).
 * test/setup.ts calls `assertNoViolations()` after each test, so a request GitHub would reject
 * fails the test that made it even when the test never looks at its harness's list.
 */

/** One request a fake GitHub refused: which harness saw it and the checker's message. */
export interface Violation {
  harness: string;
  message: string;
}

const pending: Violation[] = [];

/** Records a violation; it fails the running test at its `afterEach`. */
export function recordViolation(harness: string, message: string): void {
  pending.push({ harness, message });
}

/** Returns and clears the violations recorded so far (for tests that provoke one on purpose). */
export function takeViolations(): Violation[] {
  return pending.splice(0, pending.length);
}

/**
 * Throws when any violation was recorded since the last call, naming each (and clears them, so
 * the next test starts clean).
 * @throws Error "N GitHub contract violation(s): …"
 */
export function assertNoViolations(): void {
  const found = takeViolations();
  if (!found.length) return;
  const lines = found.map((v) => `- [${v.harness}] ${v.message}`);
  throw new Error(
    `${found.length} GitHub contract violation${found.length === 1 ? "" : "s"} (requests GitHub would reject):\n${lines.join("\n")}`,
  );
}
