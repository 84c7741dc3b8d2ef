import PQueue from "p-queue";

/**
 * An in-process job queue, serialized per key (one epic's jobs run one after another, different
 * epics run concurrently up to `concurrency`). Webhook handlers enqueue and return at once, so
 * GitHub's 10-second delivery timeout never waits on an LLM call or bulk writes.
 *
 * Jobs live in memory: a restart drops queued work. That is safe because every job is
 * idempotent and its state lives in GitHub: the user re-runs the command and it resumes.
 */
export class JobQueue {
  private readonly perKey = new Map<string, PQueue>();
  private readonly global: PQueue;

  constructor(
    concurrency = 4,
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {
    this.global = new PQueue({ concurrency });
  }

  /** Queues a job behind the others of the same key. Never rejects: errors go to `onError`. */
  enqueue(key: string, job: () => Promise<void>): void {
    let lane = this.perKey.get(key);
    if (!lane) {
      lane = new PQueue({ concurrency: 1 });
      this.perKey.set(key, lane);
      lane.on("idle", () => {
        if (lane?.size === 0 && lane.pending === 0) this.perKey.delete(key);
      });
    }
    void lane.add(() => this.global.add(job)).catch((error: unknown) => this.onError(key, error));
  }

  /** Resolves when every queued job has finished (tests, graceful shutdown). */
  async onIdle(): Promise<void> {
    while (this.pending > 0) {
      await Promise.all([...this.perKey.values()].map((q) => q.onIdle()));
    }
  }

  /** Jobs queued or running. */
  get pending(): number {
    return [...this.perKey.values()].reduce((n, q) => n + q.size + q.pending, 0);
  }
}
