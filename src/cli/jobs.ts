import { RedisQueue } from "../jobs/redis-queue.js";
import { positiveInt } from "./inputs.js";
import { CliError, type CliIo } from "./io.js";

/**
 * `flightdeck jobs failed`: the most recent failed jobs of the Redis queue (REDIS_URL, and
 * FLIGHTDECK_QUEUE_PREFIX when the app sets one), newest
 * first — kind, key, delivery id, attempts, time and error — or JSON with `--json`. Failed jobs
 * of the embedded queue live in its process only; they are in that process's logs.
 * @throws CliError (2) without REDIS_URL or with a bad --limit
 */
export async function failedJobsCommand(opts: { limit: string; json?: boolean }, io: CliIo): Promise<void> {
  const url = io.env.REDIS_URL;
  if (!url) throw new CliError("REDIS_URL is required: failed jobs are kept in the Redis queue", 2);
  const limit = positiveInt("--limit", opts.limit);
  const prefix = io.env.FLIGHTDECK_QUEUE_PREFIX;
  const queue = new RedisQueue({ url, ...(prefix ? { prefix } : {}) });
  try {
    const failed = await queue.failed(limit);
    if (opts.json) return io.stdout(JSON.stringify(failed, null, 2));
    if (!failed.length) return io.stdout("No failed jobs.");
    for (const f of failed) {
      io.stdout(
        `${f.failedAt}  ${f.job.kind}  ${f.job.key}  delivery ${f.job.deliveryId}  after ${f.attempts} attempt${f.attempts === 1 ? "" : "s"}: ${f.error}`,
      );
    }
  } finally {
    await queue.close();
  }
}
