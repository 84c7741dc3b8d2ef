import { pino } from "pino";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { DeliveryError } from "../src/handlers/delivery-error.js";
import { EventRouter } from "../src/handlers/router.js";
import { EmbeddedQueue } from "../src/jobs/embedded-queue.js";
import type { Job } from "../src/jobs/job.js";
import { checkRunEvent } from "./support/pr-webhooks.js";
import { commentCreated, INSTALLATION as installation, issuesLabeled, WORLD } from "./support/webhooks.js";

const epic = { number: 5, body: "## Tasks\n- [ ] one", labels: [] as string[] };

/** A Probot whose event contexts are counted: Probot's transform gives each a child logger named "event". */
function countingProbot() {
  const counter = { contexts: 0 };
  const log = pino({ level: "fatal" });
  const child = log.child.bind(log);
  log.child = ((bindings: Record<string, unknown>, options?: object) => {
    if (bindings.name === "event") counter.contexts++;
    return child(bindings, options);
  }) as typeof log.child;
  const probot = new Probot({ githubToken: "ghs_test", log, logLevel: "fatal" });
  return { probot, counter };
}

/** A queue that keeps what it is given, in calls (no jobs run). */
class RecordingQueue extends EmbeddedQueue {
  readonly calls: Job[][] = [];
  fail: Error | undefined;
  override async enqueueAll(jobs: Job[]): Promise<void> {
    if (this.fail) throw this.fail;
    this.calls.push(jobs);
    await super.enqueueAll(jobs);
  }
}

describe("event router", () => {
  it("builds one context per delivery and stores all its handlers' jobs in one call", async () => {
    const { probot, counter } = countingProbot();
    const queue = new RecordingQueue();
    await probot.load(createApp({ secret: "s", appId: 1, queue, workers: false, sweepIntervalMs: 0 }));
    const base = counter.contexts;
    const deliveries = [
      { name: "issue_comment", payload: commentCreated(epic, "/flightdeck apply", WORLD.maintainer) },
      { name: "issues", payload: issuesLabeled(epic, "epic", WORLD.maintainer) },
      {
        name: "check_run",
        payload: checkRunEvent("completed", "Flightdeck QA", {
          number: 3,
          headSha: "a".repeat(40),
          author: "dana",
        }),
      },
    ];
    for (const [i, d] of deliveries.entries()) {
      await probot.receive({ id: `d${i}`, name: d.name, payload: { ...d.payload, installation } } as never);
    }
    // Six handlers see issue_comment.created, three see issues.labeled and check_run.completed.
    expect(counter.contexts - base).toBe(3);
    expect(queue.calls.map((jobs) => jobs.map((j) => j.kind))).toEqual([
      ["epic.command"],
      ["epic.labeled", "deployment.sweep", "release.evidence"],
      ["gate.commit", "deployment.sweep", "release.evidence"].filter((k) =>
        queue.calls[2]?.some((j) => j.kind === k),
      ),
    ]);
    expect(queue.calls[2]?.length).toBeGreaterThanOrEqual(2);
  });

  it("answers 503 when the queue cannot keep a delivery's jobs, after every handler has run", async () => {
    const { probot } = countingProbot();
    const queue = new RecordingQueue();
    queue.fail = new Error("connect ECONNREFUSED 127.0.0.1:6379");
    await probot.load(createApp({ secret: "s", appId: 1, queue, workers: false, sweepIntervalMs: 0 }));
    const error = await probot
      .receive({
        id: "x",
        name: "issues",
        payload: { ...issuesLabeled(epic, "epic", WORLD.maintainer), installation },
      } as never)
      .then(
        () => undefined,
        (e: AggregateError) => e,
      );
    const first = error?.errors?.[0] as DeliveryError;
    expect(first).toBeInstanceOf(DeliveryError);
    expect(first.status).toBe(503);
    expect(first.message).toBe("job queue unavailable: connect ECONNREFUSED 127.0.0.1:6379");
  });

  it("routes `event` and `event.action` names, and keeps a failing handler's status", async () => {
    const router = new EventRouter();
    const listeners = new Map<string, (c: unknown) => Promise<void>>();
    const seen: string[] = [];
    router.on("issues", async () => {
      seen.push("issues");
    });
    router.on(["issues.closed", "issues.labeled"], async () => {
      seen.push("closed|labeled");
      throw new DeliveryError("teapot", 418);
    });
    router.on("issues.opened", async () => {
      throw new Error("plain");
    });
    router.attach(
      { on: ((name: string, fn: (c: unknown) => Promise<void>) => listeners.set(name, fn)) as never },
      new RecordingQueue(),
    );
    expect([...listeners.keys()]).toEqual(["issues"]);
    const listener = listeners.get("issues") as (c: unknown) => Promise<void>;
    await expect(listener({ name: "issues", payload: { action: "closed" } })).rejects.toMatchObject({
      status: 418,
    });
    expect(seen).toEqual(["closed|labeled", "issues"]);
    await listener({ name: "issues", payload: { action: "edited" } });
    await expect(listener({ name: "issues", payload: { action: "opened" } })).rejects.toThrow("plain");
  });
});
