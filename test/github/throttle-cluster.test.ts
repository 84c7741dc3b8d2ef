import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flightdeckOctokitClass, type Octokit } from "../../src/github/octokit.js";
import { checkContracts } from "../support/nock-github.js";
import { startRedis } from "../support/redis.js";

const spacing = { writeMs: 300, notificationMs: 600 };
let redis: Awaited<ReturnType<typeof startRedis>>;
const connections: Bottleneck.IORedisConnection[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.disconnect()));
  await redis.stop();
});

/**
 * One installation's client in its own "process": its own Octokit class (own limiter groups)
 * and its own Redis connection, as Probot builds them on REDIS_URL (Bottleneck + connection).
 */
function instance(installationId: number): Octokit {
  const connection = new Bottleneck.IORedisConnection({ client: new Redis(redis.url) });
  connections.push(connection);
  return new (flightdeckOctokitClass({ spacing }))({
    auth: "ghs_test",
    throttle: { id: String(installationId), Bottleneck, connection },
  }) as Octokit;
}

describe("GitHub throttle across instances (Redis)", () => {
  it("spaces one installation's writes from two instances as one, and leaves another installation alone", async () => {
    const [a, b, other] = [instance(7), instance(7), instance(8)];
    const t0 = performance.now();
    const shared: number[] = [];
    const alone: number[] = [];
    const reply = (seen: number[]) => () => {
      seen.push(performance.now() - t0);
      return { name: "x" };
    };
    const scope = checkContracts(nock("https://api.github.com"))
      .post("/repos/octo-org/launchpad/labels")
      .times(6)
      .reply(201, reply(shared))
      .post("/repos/octo-org/other/labels")
      .times(2)
      .reply(201, reply(alone));
    const write = (octokit: Octokit, repo: string, name: string) =>
      octokit.rest.issues.createLabel({ owner: "octo-org", repo, name });
    await Promise.all([
      ...[1, 2, 3].flatMap((i) => [write(a, "launchpad", `a${i}`), write(b, "launchpad", `b${i}`)]),
      write(other, "other", "o1"),
      write(other, "other", "o2"),
    ]);
    expect(scope.isDone()).toBe(true);
    shared.sort((x, y) => x - y);
    const gaps = shared.slice(1).map((t, i) => t - (shared[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(spacing.writeMs - 60);
    expect(shared.at(-1)).toBeGreaterThanOrEqual(5 * spacing.writeMs - 100);
    // Installation 8 has its own limiter in Redis: its two writes are done well before 7's six.
    expect(alone[1]).toBeLessThan(shared[3] as number);
  });
});
