import { describe, expect, it } from "vitest";
import { runProvenance } from "../../src/reports/provenance.js";

describe("report provenance from the Actions environment", () => {
  it("names the repository, commit, workflow file and run the app checks against the check run", () => {
    expect(
      runProvenance(
        {
          GITHUB_WORKFLOW_REF: "octo-org/launchpad/.github/workflows/qa.yml@refs/pull/2/merge",
          GITHUB_RUN_ID: "880001",
        },
        { sha: "a".repeat(40), repository: "octo-org/launchpad" },
      ),
    ).toEqual({
      repository: "octo-org/launchpad",
      sha: "a".repeat(40),
      workflow: ".github/workflows/qa.yml",
      runId: 880001,
    });
  });

  it("leaves out what the environment does not say (the app then refuses the report, with the reason)", () => {
    expect(runProvenance({}, { sha: "b".repeat(40), repository: "o/r" })).toEqual({
      repository: "o/r",
      sha: "b".repeat(40),
    });
  });
});
