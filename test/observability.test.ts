import { describe, expect, it } from "vitest";
import { PermissionCache } from "../src/github/permission-cache.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import type { Job } from "../src/jobs/job.js";
import { jobRunner } from "../src/jobs/worker.js";
import { processMetrics } from "../src/observability.js";

// Every job's end is a structured log line with its delivery id, job key and duration, and the
// process's /metrics counts it (duration by kind and outcome, failures, queue depth).

type Line = { level: string; msg: string } & Record<string, unknown>;

function capture() {
  const lines: Line[] = [];
  const logger = (bindings: Record<string, unknown>) => {
    const at = (level: string) => (fields: object | string, msg?: string) =>
      lines.push(
        typeof fields === "string"
          ? { ...bindings, level, msg: fields }
          : { ...bindings, ...fields, level, msg: msg ?? "" },
      );
    const log: Record<string, unknown> = { info: at("info"), warn: at("warn"), error: at("error") };
    log.child = (more: Record<string, unknown>) => logger({ ...bindings, ...more });
    return log;
  };
  return { lines, log: logger({}) as never };
}

const timerJob = (deliveryId: string): Job => ({
  kind: "deployment.timer",
  key: "app@deployment-timer",
  installationId: 0,
  deliveryId,
  data: {},
});

describe("job logs and metrics", () => {
  it("log every job's end with delivery id, job key and duration, and count it in /metrics", async () => {
    const { lines, log } = capture();
    let queue: EmbeddedQueue | undefined;
    const { metrics, observer } = processMetrics(log, () => queue);
    queue = new EmbeddedQueue({ observer, retry: { attempts: 2, backoffMs: 1 } });
    let calls = 0;
    // The App's client: the first listing works, the second is refused twice (a 502, then a 404).
    const octokit = {
      rest: { apps: { listInstallations: {} } },
      paginate: async () => {
        calls++;
        if (calls === 2) throw Object.assign(new Error("Bad gateway"), { status: 502 });
        if (calls === 3) throw Object.assign(new Error("Not Found"), { status: 404 });
        return [];
      },
    };
    const app = { auth: async () => octokit, log };
    const services = {
      queue,
      permissions: new PermissionCache(),
      secret: "s",
      appId: 1,
      now: () => new Date(),
    };
    queue.process(jobRunner(app as never, services));
    await queue.enqueue(timerJob("d-ok"));
    await queue.onIdle();
    await queue.enqueue(timerJob("d-bad"));
    await queue.onIdle();

    const ends = lines.filter((l) => l.msg.startsWith("job deployment.timer"));
    expect(ends.map((l) => [l.level, l.deliveryId, l.jobKey, typeof l.durationMs])).toEqual([
      ["info", "d-ok", "app@deployment-timer", "number"],
      ["warn", "d-bad", "app@deployment-timer", "number"],
      ["warn", "d-bad", "app@deployment-timer", "number"],
      ["error", "d-bad", "app@deployment-timer", "number"],
    ]);
    expect(ends.at(-1)?.msg).toBe("job deployment.timer failed and is kept as failed");

    const text = await metrics.registry.metrics();
    expect(text).toContain('flightdeck_job_duration_seconds_count{kind="deployment.timer",outcome="done"} 1');
    expect(text).toContain(
      'flightdeck_job_duration_seconds_count{kind="deployment.timer",outcome="retry"} 1',
    );
    expect(text).toContain(
      'flightdeck_job_duration_seconds_count{kind="deployment.timer",outcome="failed"} 1',
    );
    expect(text).toContain('flightdeck_job_failures_total{kind="deployment.timer"} 1');
    expect(text).toContain("flightdeck_queue_depth 0");
    for (const name of [
      "flightdeck_github_requests_total",
      "flightdeck_rate_limit_waits_total",
      "flightdeck_rate_limit_wait_seconds_total",
    ])
      expect(text).toContain(`# TYPE ${name} counter`);
  });
});
