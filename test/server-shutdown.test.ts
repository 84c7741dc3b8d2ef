import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, deliver, startApp } from "./support/app-processes.js";
import { startRedis } from "./support/redis.js";
import { commentCreated, INSTALLATION, WORLD } from "./support/webhooks.js";

// The real server entry (src/server.ts, bundled), receiver-only on Redis, stopped the way a
// container is (SIGTERM): what it acknowledged is kept in full. Nothing reaches GitHub.

const installation = { installation: INSTALLATION };
let redis: Awaited<ReturnType<typeof startRedis>>;
let app: AppProcess | undefined;

beforeAll(async () => {
  nock.enableNetConnect("127.0.0.1");
  redis = await startRedis();
});
afterAll(async () => {
  await app?.kill();
  await redis?.stop();
});

describe("server shutdown", () => {
  it("on SIGTERM answers what is in flight, lands every acknowledged delivery's confirmation and exits 0", async () => {
    app = await startApp("server", "127.0.0.1:9", redis.url, { FLIGHTDECK_WORKERS: "0" });
    const issue = { number: 42, body: "an epic", labels: ["epic"] };
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deliver(
          app as AppProcess,
          "issue_comment",
          { ...commentCreated(issue, "/flightdeck apply", WORLD.maintainer, 600 + i), ...installation },
          `shutdown-${i}`,
        ),
      ),
    );
    expect(statuses.every((s) => s === 202 || s === 200)).toBe(true);
    const exited = new Promise<number | null>((resolve) => app?.proc.once("exit", (code) => resolve(code)));
    app.proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    const client = new Redis(redis.url);
    try {
      const marks = await client.keys("flightdeck:delivery:*");
      expect(marks).toHaveLength(20);
      // Confirmed ("1"), not left pending: a redelivery of any of them is dropped at once.
      expect(new Set(await client.mget(...marks))).toEqual(new Set(["1"]));
    } finally {
      client.disconnect();
    }
  }, 60_000);
});
