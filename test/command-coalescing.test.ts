import { describe, expect, it } from "vitest";
import type { Job } from "../src/jobs/job.js";
import { coalescing, mergeJobs } from "../src/jobs/registry.js";

const command = (commentId: number, deliveryId: string): Job => ({
  kind: "epic.command",
  key: "octo-org/launchpad#42",
  installationId: 7,
  deliveryId,
  data: {
    owner: "octo-org",
    repo: "launchpad",
    defaultBranch: "main",
    epic: 42,
    body: "# Epic",
    labels: ["epic"],
    sender: "mona",
    commentId,
    command: "apply",
  },
});

describe("epic commands coalesce by comment", () => {
  it("folds deliveries of one comment into one job, never two different comments", () => {
    expect(mergeJobs(command(5, "d1"), command(5, "d2"))?.deliveryId).toBe("d2");
    expect(mergeJobs(command(5, "d1"), command(6, "d2"))).toBeUndefined();
    expect(coalescing(command(5, "d1"))?.id).toBe(coalescing(command(5, "d2"))?.id);
    expect(coalescing(command(5, "d1"))?.id).not.toBe(coalescing(command(6, "d1"))?.id);
  });
});
