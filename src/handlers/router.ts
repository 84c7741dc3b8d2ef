import type { Context, Probot } from "probot";
import type { Job } from "../jobs/job.js";
import type { JobQueue } from "../jobs/queue.js";
import { queueUnavailable } from "./delivery-error.js";

/** What handlers register on: the `on` of Probot's app, same names and context types. */
export type EventSource = Pick<Probot, "on">;

type AnyHandler = (context: Context) => Promise<void>;

/** The jobs one delivery's handlers asked for, stored together when they have all run. */
const batches = new WeakMap<object, Job[]>();

/**
 * Routes each delivery to Flightdeck's handlers through a single Probot listener per event.
 *
 * Why: @octokit/webhooks runs Probot's transform once per matching listener (receiverHandle),
 * and Probot's transform builds an installation Octokit, a child logger and a Context each time;
 * with one listener per concern an `issue_comment.created` built six of them before it was
 * acknowledged. Here one delivery builds one context, every handler whose name matches
 * (`issues` or `issues.labeled`) filters it, and the jobs they queue are stored in one call
 * (`JobQueue.enqueueAll`: one Redis round trip for all of them, not one chain each).
 */
export class EventRouter {
  private readonly routes = new Map<string, AnyHandler[]>();

  /** Registers `handler` for `events` (Probot's names: `issues`, `issues.labeled`, or a list). */
  readonly on = ((events: string | string[], handler: AnyHandler) => {
    for (const name of Array.isArray(events) ? events : [events]) {
      const list = this.routes.get(name) ?? [];
      list.push(handler);
      this.routes.set(name, list);
    }
  }) as unknown as Probot["on"];

  /**
   * Subscribes one listener per event (`issues`, `check_run`…) on `app`. A handler's rejection
   * fails the delivery with its `status` (a DeliveryError 503 when the queue cannot keep the
   * jobs), after the other handlers have run and the jobs they queued have been offered to the
   * queue.
   */
  attach(app: Pick<Probot, "on">, queue: JobQueue): void {
    const events = new Set([...this.routes.keys()].map((name) => name.split(".")[0] as string));
    for (const event of events) {
      (app.on as (e: string, h: AnyHandler) => void)(event, (context) => this.dispatch(context, queue));
    }
  }

  private async dispatch(context: Context, queue: JobQueue): Promise<void> {
    const action = (context.payload as { action?: string }).action;
    const handlers = [
      ...(action ? (this.routes.get(`${context.name}.${action}`) ?? []) : []),
      ...(this.routes.get(context.name) ?? []),
    ];
    if (!handlers.length) return;
    const jobs: Job[] = [];
    batches.set(context, jobs);
    const results = await Promise.allSettled(handlers.map((handler) => handler(context)));
    batches.delete(context);
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    if (jobs.length) {
      try {
        await queue.enqueueAll(jobs);
      } catch (error) {
        errors.unshift(queueUnavailable(error));
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) {
      // The middleware answers with the first error's status: keep the one that has one (503).
      const status = errors.find((e) => typeof (e as { status?: unknown }).status === "number");
      throw Object.assign(new AggregateError(errors, errors.map((e) => e.message).join("\n")), {
        status: (status as { status?: number } | undefined)?.status,
      });
    }
  }
}

/**
 * Adds `job` to the batch of the delivery `context` is routed for, if any.
 * @returns false when the context is not being routed (the caller stores the job itself)
 */
export function batchJob(context: object, job: Job): boolean {
  const batch = batches.get(context);
  if (!batch) return false;
  batch.push(job);
  return true;
}
