/**
 * The standup digest of one epic (issue 10 §5), pure: from the epic's tasks as Mission Control
 * derives them (src/progress) and each task's forecast, who finished what since the last
 * digest, what is in progress, blocked (and by what), at risk (critical-path tasks past their
 * forecast finish), and which risks are new since the last digest.
 */
import type { TaskStatus } from "../progress/epic-state.js";

/** One task (sub-issue) of the epic, with Mission Control's status (`deriveEpicProgress`). */
export interface StandupTask {
  number: number;
  /** Untrusted: the renderer sanitizes it. */
  title: string;
  status: TaskStatus;
  /** ISO time it was closed (done tasks). */
  closedAt?: string | null;
  assignees: string[];
  /** Its open blockers, as Flightdeck writes them (`#12`, `owner/repo#12`), with their titles. */
  blockers: Array<{ ref: string; title: string }>;
  /** Open pull requests that would close it, as references (`#40`). */
  pulls: string[];
}

/** A task's place in the plan: on the critical path or not, and its forecast finish (YYYY-MM-DD). */
export interface TaskForecast {
  critical: boolean;
  finish?: string;
}

/** What the previous digest recorded (from its marker): when it was made and the risks it listed. */
export interface PreviousDigest {
  at: string;
  risks: string[];
}

export interface StandupInput {
  epic: { number: number; title: string };
  tasks: StandupTask[];
  /** Task number → forecast; tasks without one are never "at risk". */
  forecasts: Map<number, TaskForecast>;
  /** Done counts from this instant (ISO). */
  since: string;
  now: Date;
  previous?: PreviousDigest;
}

/** A risk: a blocked task, a critical-path task past its forecast, or a critical-path task nobody has. */
export interface Risk {
  /** Stable identity across digests, e.g. `blocked:15`. */
  id: string;
  kind: "blocked" | "late" | "unowned";
  task: StandupTask;
  /** Open blockers (blocked); forecast finish and working days late (late). */
  blockers?: StandupTask["blockers"];
  forecast?: string;
  daysLate?: number;
}

/** One person's part (or the unassigned tasks', `login: null`). */
export interface PersonDigest {
  login: string | null;
  done: StandupTask[];
  inProgress: StandupTask[];
  blocked: Risk[];
  atRisk: Risk[];
  /** Open, not blocked, not started (assigned but nothing in progress is not known: counted as in progress). */
  open: StandupTask[];
}

export interface StandupDigest {
  epic: { number: number; title: string };
  since: string;
  /** ISO time of the digest. */
  at: string;
  /** UTC day of the digest (YYYY-MM-DD): one digest comment per epic and day. */
  day: string;
  people: PersonDigest[];
  risks: Risk[];
  /** Risks the previous digest did not list. */
  newRisks: Risk[];
  totals: {
    tasks: number;
    done: number;
    closed: number;
    inProgress: number;
    blocked: number;
    atRisk: number;
    open: number;
  };
}

/** Working days between two UTC dates (YYYY-MM-DD), `from` excluded, Monday to Friday. */
function workdaysAfter(from: string, to: Date): number {
  let n = 0;
  const d = new Date(`${from}T00:00:00Z`);
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  for (d.setUTCDate(d.getUTCDate() + 1); d.getTime() <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) n++;
  }
  return n;
}

/**
 * Builds the digest. A task counts as done when closed after `since`; blocked, in progress and
 * open are Mission Control's statuses (an open blocker; else assigned or with an open pull
 * request; else open). At risk: open, on the critical path, and its forecast finish is before today.
 * People are sorted by login, the unassigned last; a task with two assignees shows under each.
 */
export function buildDigest(input: StandupInput): StandupDigest {
  const today = input.now.toISOString().slice(0, 10);
  const since = Date.parse(input.since);
  const risks: Risk[] = [];
  const people = new Map<string | null, PersonDigest>();
  const person = (login: string | null) => {
    const key = login?.toLowerCase() ?? null;
    let p = people.get(key);
    if (!p) {
      p = { login, done: [], inProgress: [], blocked: [], atRisk: [], open: [] };
      people.set(key, p);
    }
    return p;
  };
  const totals = {
    tasks: input.tasks.length,
    done: 0,
    closed: 0,
    inProgress: 0,
    blocked: 0,
    atRisk: 0,
    open: 0,
  };
  for (const task of [...input.tasks].sort((a, b) => a.number - b.number)) {
    const owners = task.assignees.length ? task.assignees : [null];
    if (task.status === "done") {
      totals.closed++;
      if (task.closedAt && Date.parse(task.closedAt) > since) {
        totals.done++;
        for (const o of owners) person(o).done.push(task);
      }
      continue;
    }
    const blockers = task.blockers;
    const forecast = input.forecasts.get(task.number);
    const taskRisks: Risk[] = [];
    if (task.status === "blocked") {
      totals.blocked++;
      const risk: Risk = { id: `blocked:${task.number}`, kind: "blocked", task, blockers };
      taskRisks.push(risk);
      for (const o of owners) person(o).blocked.push(risk);
    } else if (task.status === "in-progress") {
      totals.inProgress++;
      for (const o of owners) person(o).inProgress.push(task);
    } else {
      totals.open++;
      person(null).open.push(task);
    }
    if (forecast?.critical && forecast.finish && forecast.finish < today) {
      totals.atRisk++;
      const late: Risk = {
        id: `late:${task.number}`,
        kind: "late",
        task,
        forecast: forecast.finish,
        daysLate: workdaysAfter(forecast.finish, input.now),
      };
      taskRisks.push(late);
      for (const o of owners) person(o).atRisk.push(late);
    }
    if (forecast?.critical && !task.assignees.length)
      taskRisks.push({ id: `unowned:${task.number}`, kind: "unowned", task });
    risks.push(...taskRisks);
  }
  const seen = new Set(input.previous?.risks ?? []);
  return {
    epic: input.epic,
    since: input.since,
    at: input.now.toISOString(),
    day: today,
    people: [...people.values()].sort((a, b) =>
      a.login === null ? 1 : b.login === null ? -1 : a.login.localeCompare(b.login),
    ),
    risks,
    newRisks: risks.filter((r) => !seen.has(r.id)),
    totals,
  };
}
