import Bottleneck from "bottleneck";

/**
 * Longest time a clustered throttle *turn* stays registered in Redis, in ms. A turn is the
 * no-op job @octokit/plugin-throttling schedules in its `write`, `notifications` and `search`
 * groups (one at a time per installation) to space requests `minTime` apart; Bottleneck counts
 * it as running from its registration until it is freed, i.e. through its wait for `minTime`.
 * A process killed in that window (SIGKILL, OOM) never frees it, and Bottleneck's Redis store
 * frees it only at the job's expiration, which the plugin sets to 60 s — so every process's
 * writes for that installation stalled for up to a minute (that was the "stuck job" after a
 * worker was killed mid-apply: the next worker took the job, then waited for a write turn).
 *
 * Any value is safe for the spacing itself: Bottleneck keeps `nextRequest` in Redis and every
 * registration waits until then, so a turn freed early by its expiration still lets the next
 * request out only `minTime` after the previous one. It must exceed the longest `minTime`
 * (notifications, 3 s) so a live turn is normally freed by its holder, not by its expiration.
 * A waiting process learns of the freed turn at its next heartbeat (Bottleneck's
 * `heartbeatInterval`, 5 s), so a dead holder delays the others by at most ≈ 10 s.
 */
export const TURN_LEASE_MS = 5_000;

type Connection = Bottleneck.RedisConnection | Bottleneck.IORedisConnection;

/** What the throttling plugin needs of a group: `key(id).schedule(options, fn, ...args)`. */
export interface TurnGroup {
  key(id?: string): Pick<Bottleneck, "schedule">;
}

/**
 * A group whose jobs expire after `leaseMs` at most (the plugin asks 60 s when clustered).
 * Only for groups whose jobs are turns (no-ops), never for a group that runs the request itself:
 * an expired running job is rejected by Bottleneck.
 */
export function leasedTurns(group: Bottleneck.Group, leaseMs = TURN_LEASE_MS): TurnGroup {
  return {
    key(id) {
      const limiter = group.key(id ?? "");
      return {
        schedule: ((...args: unknown[]) => {
          if (typeof args[0] === "function") return limiter.schedule(...(args as [() => Promise<unknown>]));
          const [options, ...rest] = args as [Bottleneck.JobOptions, () => Promise<unknown>];
          const expiration = Math.min(options.expiration ?? leaseMs, leaseMs);
          return limiter.schedule({ ...options, expiration }, ...rest);
        }) as Bottleneck["schedule"],
      };
    },
  };
}

const byConnection = new WeakMap<object, Record<"write" | "notifications" | "search", TurnGroup>>();

/**
 * The plugin's spacing groups for a clustered connection (Probot's, on REDIS_URL) — same ids
 * and limits as @octokit/plugin-throttling's own (`octokit-write` 1 s, `octokit-notifications`
 * 3 s, `octokit-search` 2 s, one at a time per installation), so instances of an older version
 * share them during a rolling deploy — with turns leased for TURN_LEASE_MS (see there).
 * One set per connection, shared by every installation client of the process.
 */
export function clusteredTurnGroups(
  connection: object,
): Record<"write" | "notifications" | "search", TurnGroup> {
  let groups = byConnection.get(connection);
  if (!groups) {
    const common = { timeout: 2 * 60_000, connection: connection as Connection };
    groups = {
      write: leasedTurns(
        new Bottleneck.Group({ id: "octokit-write", maxConcurrent: 1, minTime: 1_000, ...common }),
      ),
      notifications: leasedTurns(
        new Bottleneck.Group({ id: "octokit-notifications", maxConcurrent: 1, minTime: 3_000, ...common }),
      ),
      search: leasedTurns(
        new Bottleneck.Group({ id: "octokit-search", maxConcurrent: 1, minTime: 2_000, ...common }),
      ),
    };
    byConnection.set(connection, groups);
  }
  return groups;
}
