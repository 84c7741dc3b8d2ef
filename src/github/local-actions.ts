import { isWorkflowPath, localUses, MAX_LOCAL_ACTION_DEPTH } from "../gates/evidence.js";

/** At most this many local actions are read for one evaluation (two files each). */
export const MAX_LOCAL_ACTIONS = 40;

/**
 * Which local actions (`uses: ./dir`) the head commit's workflows use, and — level by level —
 * the local actions those use in turn (composite actions may use local actions; reusable
 * workflows are already among the workflow files). Each action's metadata is read at the head
 * commit as `dir/action.yml` and `dir/action.yaml` (GraphQL `Commit.file`). Bounded: depth
 * MAX_LOCAL_ACTION_DEPTH, at most MAX_LOCAL_ACTIONS actions; a cycle is read once. What is not
 * read stays unknown, and the evidence judge then refuses the report (fail closed).
 */
export class LocalActionReader {
  /** Action directory → its metadata text, or null when neither file exists at the head. */
  readonly actions = new Map<string, string | null>();
  private pending: Array<{ dir: string; depth: number }> = [];
  private readonly seen = new Set<string>();
  private readonly depths = new Map<string, number>();

  constructor(workflows: Map<string, string>) {
    for (const text of workflows.values()) this.queue(text, 1);
  }

  /** The action directories to read next (empty when done), with the file paths to ask for. */
  next(): { dirs: string[]; paths: string[] } {
    const dirs = this.pending.splice(0, this.pending.length).map((p) => p.dir);
    return { dirs, paths: dirs.flatMap((d) => [metadataPath(d, "yml"), metadataPath(d, "yaml")]) };
  }

  /** Records the answers for `dirs` (texts in `paths` order, null where no file) and queues what they use. */
  take(dirs: string[], texts: Array<string | null>): void {
    dirs.forEach((dir, i) => {
      const text = texts[2 * i] ?? texts[2 * i + 1] ?? null;
      this.actions.set(dir, text);
      if (text !== null) this.queue(text, (this.depths.get(dir) ?? 1) + 1);
    });
  }

  private queue(text: string, depth: number): void {
    if (depth > MAX_LOCAL_ACTION_DEPTH) return;
    for (const dir of localUses(text) ?? []) {
      if (isWorkflowPath(dir) || this.seen.has(dir) || this.seen.size >= MAX_LOCAL_ACTIONS) continue;
      this.seen.add(dir);
      this.depths.set(dir, depth);
      this.pending.push({ dir, depth });
    }
  }
}

function metadataPath(dir: string, ext: "yml" | "yaml"): string {
  return dir ? `${dir}/action.${ext}` : `action.${ext}`;
}
