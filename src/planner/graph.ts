/** A node of a dependency graph: a key and the keys it depends on (its blockers). */
export interface GraphNode {
  key: string;
  dependsOn: readonly string[];
}

/**
 * Finds one dependency cycle, if any.
 *
 * @returns the keys along the cycle with the first key repeated at the end (`["A","B","A"]`),
 *   or `undefined` for an acyclic graph. Unknown dependency keys are ignored.
 */
export function findCycle(nodes: readonly GraphNode[]): string[] | undefined {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];

  const visit = (key: string): string[] | undefined => {
    state.set(key, "visiting");
    stack.push(key);
    for (const dep of byKey.get(key)?.dependsOn ?? []) {
      if (!byKey.has(dep)) continue;
      const s = state.get(dep);
      if (s === "visiting") return [...stack.slice(stack.indexOf(dep)), dep];
      if (s === undefined) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(key, "done");
    return undefined;
  };

  for (const node of nodes) {
    if (state.has(node.key)) continue;
    const found = visit(node.key);
    // The walk goes from a task to its blockers; reverse so the cycle reads in execution order.
    if (found) return found.reverse();
  }
  return undefined;
}

/**
 * Orders nodes so that every node comes after its dependencies; ties keep input order (Kahn's
 * algorithm with a stable queue), so the same plan always yields the same order.
 *
 * @throws Error when the graph has a cycle
 */
export function topoOrder<T extends GraphNode>(nodes: readonly T[]): T[] {
  const index = new Map(nodes.map((n, i) => [n.key, i]));
  const remaining = new Map(nodes.map((n) => [n.key, n.dependsOn.filter((d) => index.has(d)).length]));
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    for (const d of n.dependsOn) if (index.has(d)) dependents.set(d, [...(dependents.get(d) ?? []), n.key]);
  }
  const ready = nodes.filter((n) => remaining.get(n.key) === 0).map((n) => n.key);
  const out: T[] = [];
  while (ready.length) {
    ready.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
    const key = ready.shift() as string;
    out.push(nodes[index.get(key) as number] as T);
    for (const dep of dependents.get(key) ?? []) {
      const left = (remaining.get(dep) ?? 0) - 1;
      remaining.set(dep, left);
      if (left === 0) ready.push(dep);
    }
  }
  if (out.length !== nodes.length) throw new Error("dependency graph has a cycle");
  return out;
}

/** A node with a duration, for critical-path analysis. */
export interface WeightedNode extends GraphNode {
  /** Duration in hours. */
  hours: number;
}

/** The earliest-start schedule of a DAG with unlimited people. All figures in hours. */
export interface CriticalPath {
  /** Keys on the longest chain, in execution order. */
  keys: string[];
  /** Length of that chain in hours: the shortest possible duration of the epic. */
  hours: number;
  /** Earliest start and finish per key, in hours from the start of the epic. */
  earliest: Map<string, { start: number; finish: number }>;
  /** Length in hours of the longest chain starting at each key (used to prioritise ready work). */
  tail: Map<string, number>;
}

/** Computes the critical path (longest chain by hours) of an acyclic graph. @throws on a cycle */
export function criticalPath(nodes: readonly WeightedNode[]): CriticalPath {
  const order = topoOrder(nodes);
  const earliest = new Map<string, { start: number; finish: number }>();
  const via = new Map<string, string | undefined>();
  for (const n of order) {
    let start = 0;
    let from: string | undefined;
    for (const d of n.dependsOn) {
      const f = earliest.get(d)?.finish;
      if (f !== undefined && f > start) {
        start = f;
        from = d;
      }
    }
    earliest.set(n.key, { start, finish: start + n.hours });
    via.set(n.key, from);
  }
  const tail = new Map<string, number>();
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const dependents = new Map<string, string[]>();
  for (const n of nodes)
    for (const d of n.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), n.key]);
  for (const n of [...order].reverse()) {
    const after = Math.max(0, ...(dependents.get(n.key) ?? []).map((k) => tail.get(k) ?? 0));
    tail.set(n.key, (byKey.get(n.key)?.hours ?? 0) + after);
  }
  let end: string | undefined;
  let hours = 0;
  for (const n of order) {
    const f = earliest.get(n.key)?.finish ?? 0;
    if (end === undefined || f > hours) {
      end = n.key;
      hours = f;
    }
  }
  const keys: string[] = [];
  for (let k = end; k !== undefined; k = via.get(k)) keys.unshift(k);
  return { keys, hours, earliest, tail };
}
