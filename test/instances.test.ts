import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisQueue } from "../src/jobs/redis-queue.js";
import { checklistMarker } from "../src/release/checklist.js";
import { TEAM_CONFIG } from "./support/app-harness.js";
import { type AppProcess, deliver, startApp } from "./support/app-processes.js";
import { epicWorld, expectConverged } from "./support/epic-world.js";
import { BOT } from "./support/fake-github.js";
import { serveGitHubHttp } from "./support/github-http.js";
import { freePort, startRedis } from "./support/redis.js";
import { commentCreated, commentEdited, INSTALLATION, issuesLabeled, WORLD } from "./support/webhooks.js";

// Several Flightdeck processes (receivers, in-process and separate workers) on one Redis, against
// one fake GitHub over HTTP: what GitHub and a rolling deploy do to them, exactly once.

const installation = { installation: INSTALLATION };

async function world(latencyMs = 0) {
  const w = epicWorld();
  w.fake.addUser(WORLD.maintainer, "admin");
  w.fake.files.set(".github/flightdeck.yml", TEAM_CONFIG);
  const github = await serveGitHubHttp(w.fake, { latencyMs });
  const issue = (labels = ["epic"]) => ({
    number: w.epic.number,
    body: w.fake.issues.get(w.epic.number)?.body ?? "",
    labels,
  });
  const preview = () =>
    w.fake.comments.find((c) => c.author === BOT && c.body.includes("<!-- flightdeck:preview"));
  const tickPayload = (sender: string) => {
    const c = preview();
    if (!c) throw new Error("no preview to tick");
    const from = c.body;
    c.body = from.replace("- [ ] **Apply this plan**", "- [x] **Apply this plan**");
    return { ...commentEdited(issue(), from, c.body, sender, c.databaseId), ...installation };
  };
  return {
    ...w,
    github,
    preview,
    labelPayload: () => ({ ...issuesLabeled(issue([]), "epic", WORLD.maintainer), ...installation }),
    commentPayload: (body: string, sender: string, id: number) => ({
      ...commentCreated(issue(), body, sender, id),
      ...installation,
    }),
    tickPayload,
  };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(() => {
  nock.enableNetConnect("127.0.0.1");
});

describe("two app instances and a worker on one Redis", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let w: Awaited<ReturnType<typeof world>>;
  const apps: AppProcess[] = [];
  let probe: RedisQueue;
  let workerOps: number;

  beforeAll(async () => {
    redis = await startRedis();
    w = await world();
    workerOps = await freePort();
    apps.push(
      ...(await Promise.all([
        startApp("server", w.github.host, redis.url),
        startApp("server", w.github.host, redis.url, { FLIGHTDECK_WORKERS: "0" }),
        startApp("worker", w.github.host, redis.url, { FLIGHTDECK_METRICS_PORT: String(workerOps) }),
      ])),
    );
    probe = new RedisQueue({ url: redis.url });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.kill()));
    await probe?.close();
    await w?.github.close();
    await redis?.stop();
  });

  it("previews once, applies exactly once and opens one checklist despite redeliveries, races and lost answers", async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    const label = w.labelPayload();
    // GitHub redelivers, and a rolling deploy sends deliveries to either instance.
    const statuses = await Promise.all([
      deliver(a, "issues", label, "label-1"),
      deliver(b, "issues", label, "label-1"),
      deliver(a, "issues", label, "label-1"),
      deliver(b, "issues", label, "label-2"),
    ]);
    expect(statuses).toEqual([200, 200, 200, 200]);
    await until("the preview", () => w.preview() !== undefined);
    await probe.onIdle();
    expect(w.fake.comments.filter((c) => c.author === BOT)).toHaveLength(1);

    // Two confirmations at once on both instances (and an apply command), one answer lost.
    w.fake.failAtWrite(3, "lost-response");
    const tick = w.tickPayload(WORLD.maintainer);
    const confirmations = await Promise.all([
      deliver(a, "issue_comment", tick, "tick-1"),
      deliver(b, "issue_comment", tick, "tick-2"),
      deliver(b, "issue_comment", tick, "tick-1"),
      deliver(a, "issue_comment", w.commentPayload("/flightdeck apply", WORLD.maintainer, 9001)),
    ]);
    expect(confirmations).toEqual([200, 200, 200, 200]);
    await until("the summary", () => w.fake.comments.some((c) => c.body.includes("flightdeck:applied")));
    await probe.onIdle();
    expectConverged(w.fake, w.epic.number, w.plan);

    // Two launches of one version at once; GitHub creates the checklist but its answer is lost.
    let lost = false;
    w.github.state.loseRest = (method, path) => {
      if (lost || method !== "POST" || !path.endsWith(`/${WORLD.repo}/issues`)) return false;
      lost = true;
      return true;
    };
    await Promise.all([
      deliver(a, "issue_comment", w.commentPayload("/flightdeck launch v1.0.0", WORLD.maintainer, 9101)),
      deliver(b, "issue_comment", w.commentPayload("/flightdeck launch v1.0.0", WORLD.maintainer, 9102)),
    ]);
    await until(
      "the launch answers",
      () => w.fake.comments.filter((c) => c.body.includes("v1.0.0")).length >= 2,
    );
    await probe.onIdle();
    expect(lost).toBe(true);
    const checklists = [...w.fake.issues.values()].filter((i) => i.body.includes(checklistMarker("v1.0.0")));
    expect(checklists).toHaveLength(1);
    expect(w.github.violations).toEqual([]);
  }, 90_000);

  it("counts the jobs where they run: each process's /metrics (the worker's on FLIGHTDECK_METRICS_PORT)", async () => {
    const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const [a, b] = apps as [AppProcess, AppProcess];
    const texts = await Promise.all([scrape(a.port ?? 0), scrape(b.port ?? 0), scrape(workerOps)]);
    const done = (text: string) =>
      Number(
        /flightdeck_job_duration_seconds_count\{kind="epic\.labeled",outcome="done"\} (\d+)/.exec(
          text,
        )?.[1] ?? 0,
      );
    // The receiver-only instance ran nothing; between them, the others ran the label's job.
    expect(done(texts[1])).toBe(0);
    expect(done(texts[0]) + done(texts[2])).toBeGreaterThanOrEqual(1);
    expect(texts[2]).toMatch(/flightdeck_github_requests_total\{method="GET",status="200"\} [1-9]/);
    expect(texts[2]).toContain("flightdeck_queue_depth 0");
    expect((await fetch(`http://127.0.0.1:${workerOps}/healthz`)).status).toBe(200);
  });

  it("answers 503 while Redis is down (GitHub can redeliver) and recovers when it returns", async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    await redis.stop();
    expect(await deliver(b, "issues", w.labelPayload())).toBe(503);
    expect((await fetch(`http://127.0.0.1:${a.port}/healthz`)).status).toBe(503);
    await redis.start();
    await until(
      "the receiver to reconnect",
      async () => (await fetch(`http://127.0.0.1:${b.port}/healthz`)).ok,
    );
    expect(await deliver(b, "issues", w.labelPayload())).toBe(200);
    await probe.onIdle();
  }, 60_000);
});

describe("a receiver started while Redis is down", () => {
  it("answers 503 until Redis is up, then stores and runs the delivery", { timeout: 90_000 }, async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const w = await world();
    const receiver = await startApp("server", w.github.host, url, {}, { healthy: false });
    let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
    try {
      expect((await fetch(`http://127.0.0.1:${receiver.port}/healthz`)).status).toBe(503);
      expect(await deliver(receiver, "issues", w.labelPayload(), "at-start")).toBe(503);
      redis = await startRedis(port);
      await until(
        "the receiver to connect",
        async () => (await fetch(`http://127.0.0.1:${receiver.port}/healthz`)).ok,
      );
      // GitHub's redelivery of the refused delivery (same id) is stored and run (in-process worker).
      expect(await deliver(receiver, "issues", w.labelPayload(), "at-start")).toBe(200);
      await until("the preview", () => w.preview() !== undefined);
    } finally {
      await receiver.kill();
      await w.github.close();
      await redis?.stop();
    }
  });
});

describe("a worker killed mid-apply", () => {
  // Once failed about 1 run in 3: the new worker took the job, then waited up to 60 s for a write
  // turn the killed one held in Redis (Probot's clustered throttle; see github/throttle-lease.ts).
  it("leaves its job to another worker, which converges with nothing duplicated or missing", {
    timeout: 120_000,
  }, async () => {
    const redis = await startRedis();
    const w = await world(100);
    const [receiver, first] = await Promise.all([
      startApp("server", w.github.host, redis.url, { FLIGHTDECK_WORKERS: "0" }),
      startApp("worker", w.github.host, redis.url),
    ]);
    const probe = new RedisQueue({ url: redis.url });
    let second: AppProcess | undefined;
    try {
      await deliver(receiver, "issues", w.labelPayload());
      await until("the preview", () => w.preview() !== undefined);
      await probe.onIdle();
      const before = w.fake.writeCount;
      await deliver(receiver, "issue_comment", w.tickPayload(WORLD.maintainer));
      await until("the first sub-issues", () => w.fake.writeCount > before + 2);
      await first.kill("SIGKILL");
      expect(w.fake.comments.some((c) => c.body.includes("flightdeck:applied"))).toBe(false);
      second = await startApp("worker", w.github.host, redis.url);
      // The new worker first waits out the dead one's leases (its job's, its key's: 1 s; a write
      // turn it held: TURN_LEASE_MS), then applies the rest: 60 s leaves room for a busy shared
      // machine; the assertions, not the clock, are the test.
      await until(
        "the summary",
        () => w.fake.comments.some((c) => c.body.includes("flightdeck:applied")),
        60_000,
      );
      await probe.onIdle();
      expectConverged(w.fake, w.epic.number, w.plan);
    } finally {
      await Promise.all([receiver.kill(), first.kill(), second?.kill()]);
      await probe.close();
      await w.github.close();
      await redis.stop();
    }
  });
});
