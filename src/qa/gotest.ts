import { QaInputError } from "./errors.js";
import { duration } from "./figures.js";
import { type TestCase, testCase } from "./test-case.js";

interface GoEvent {
  Action?: string;
  Package?: string;
  Test?: string;
  Elapsed?: number;
  Output?: string;
  FailedBuild?: string;
  ImportPath?: string;
}

/**
 * Parses `go test -json` output (test2json events, one JSON object a line;
 * https://pkg.go.dev/cmd/test2json): every `pass` / `fail` / `skip` event that names a `Test`
 * is one test — subtests (`TestTax/eu`) included, and each run of `-count=N` — with the
 * `output` events of that test as its message (`cart_test.go:42: …` locates it). A package
 * that fails without a failing test (build failure, `FailedBuild`, a panicking `TestMain`) adds
 * one errored test named after the package, so a broken build never reads as green. Lines that
 * are not JSON (a build's plain-text output before Go 1.24) are part of no test.
 *
 * @throws QaInputError naming the file and line (a `{` line that is not JSON, a negative `Elapsed`)
 */
export function parseGoTest(text: string, file: string): TestCase[] {
  const outputs = new Map<string, string[]>();
  const failedTests = new Set<string>();
  const out: TestCase[] = [];
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line.startsWith("{")) continue;
    let event: GoEvent;
    try {
      event = JSON.parse(line) as GoEvent;
    } catch (error) {
      throw new QaInputError(file, `line ${n + 1} is not a go test -json event: ${(error as Error).message}`);
    }
    const pkg = event.Package ?? "";
    // Go 1.24+ reports build output by ImportPath; a package's FailedBuild names it.
    const key =
      event.Action === "build-output"
        ? `build\u0000${event.ImportPath ?? ""}`
        : `${pkg}\u0000${event.Test ?? ""}`;
    if (event.Action === "output" || event.Action === "build-output") {
      outputs.set(key, [...(outputs.get(key) ?? []), event.Output ?? ""]);
      continue;
    }
    if (event.Action !== "pass" && event.Action !== "fail" && event.Action !== "skip") continue;
    const where = event.Test ? `test "${event.Test}" Elapsed` : `package "${pkg}" Elapsed`;
    const elapsedMs = duration(event.Elapsed, "s", file, `line ${n + 1}: ${where}`);
    const output = outputs.get(key) ?? [];
    outputs.delete(key);
    if (event.Test) {
      if (event.Action === "fail") failedTests.add(pkg);
      out.push(goCase(event.Test, pkg, event.Action, output, elapsedMs));
    } else if (event.Action === "fail" && !failedTests.has(pkg)) {
      out.push(
        testCase({
          name: `package ${pkg || "(unknown)"} failed${event.FailedBuild ? " to build" : ""}`,
          classname: pkg,
          status: "errored",
          message:
            [...(event.FailedBuild ? (outputs.get(`build\u0000${event.FailedBuild}`) ?? []) : []), ...output]
              .join("")
              .trim() || "(no output)",
          durationMs: elapsedMs,
        }),
      );
    }
  }
  return out;
}

function goCase(name: string, pkg: string, action: string, output: string[], durationMs: number): TestCase {
  // Keep what the test logged; drop the runner's own === RUN / --- FAIL lines.
  const logged = output
    .filter((l) => !/^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)/.test(l))
    .join("")
    .trim();
  const status = action === "pass" ? "passed" : action === "fail" ? "failed" : "skipped";
  return testCase({
    name,
    classname: pkg,
    status,
    message: status === "failed" ? logged || "(no output)" : undefined,
    durationMs,
  });
}
