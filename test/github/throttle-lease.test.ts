import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusteredTurnGroups, leasedTurns } from "../../src/github/throttle-lease.js";
import { startRedis } from "../support/redis.js";

// A process killed while it holds an installation's write turn in Redis (Probot's clustered
// throttle) must not stall every other process's writes for the plugin's 60 s expiration. A short
// lease here keeps the test quick; production's is TURN_LEASE_MS.
const LEASE_MS = 1_500;

let redis: Awaited<ReturnType<typeof startRedis>>;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(redis.url);
  clients.push(client);
  const connection = new Bottleneck.IORedisConnection({ client });
  connection.on("error", () => {});
  return connection;
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis.stop();
});

/** Process A takes two write turns (the second waits 1 s, holding the turn) and dies meanwhile. */
async function dieHoldingATurn(group: (c: Bottleneck.IORedisConnection) => ReturnType<typeof leasedTurns>) {
  const dying = connect();
  const turns = group(dying).key("7");
  await turns.schedule({ expiration: 60_000 }, async () => {});
  void turns.schedule({ expiration: 60_000 }, async () => {}).catch(() => {});
  await new Promise((r) => setTimeout(r, 200)); // registered, waiting out minTime
  await dying.disconnect(false); // gone without freeing it, as after SIGKILL
  const started = Date.now();
  return { started };
}

describe("clustered throttle turns", () => {
  it("free the turn of a dead process after their lease, not after the plugin's 60 s", async () => {
    const group = (c: Bottleneck.IORedisConnection) =>
      leasedTurns(
        new Bottleneck.Group({
          id: "t-leased",
          maxConcurrent: 1,
          minTime: 1_000,
          heartbeatInterval: 250,
          connection: c,
        }),
        LEASE_MS,
      );
    const { started } = await dieHoldingATurn(group);
    await group(connect())
      .key("7")
      .schedule({ expiration: 60_000 }, async () => {});
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(500);
    expect(waited).toBeLessThan(LEASE_MS + 1_500);
  }, 20_000);

  it("whereas the plugin's own expiration leaves it held for longer (the stuck job of issue 8)", async () => {
    const group = (c: Bottleneck.IORedisConnection) => {
      const g = new Bottleneck.Group({
        id: "t-plain",
        maxConcurrent: 1,
        minTime: 1_000,
        heartbeatInterval: 250,
        connection: c,
      });
      return { key: (id?: string) => g.key(id ?? "") };
    };
    await dieHoldingATurn(group);
    const next = group(connect())
      .key("7")
      .schedule({ expiration: 60_000 }, async () => "ran");
    const held = new Promise((r) => setTimeout(() => r("still held"), LEASE_MS + 1_500));
    const outcome = await Promise.race([next, held]);
    expect(outcome).toBe("still held");
  }, 20_000);

  it("keep the spacing: turns of two processes still go out minTime apart", async () => {
    const a = clusteredTurnGroups(connect()).write.key("9");
    const b = clusteredTurnGroups(connect()).write.key("9");
    const at: number[] = [];
    const turn = async () => {
      at.push(Date.now());
    };
    await Promise.all([a.schedule({}, turn), b.schedule({}, turn), a.schedule({}, turn)]);
    const [first = 0, second = 0, third = 0] = at.sort((x, y) => x - y);
    expect(second - first).toBeGreaterThanOrEqual(950);
    expect(third - second).toBeGreaterThanOrEqual(950);
  }, 20_000);
});
