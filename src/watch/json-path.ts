/**
 * Reads a value from parsed JSON by a JSON Pointer (RFC 6901: `/queue/depth`, `~1` for `/`,
 * `~0` for `~`) or a dotted path (`queue.depth`, `workers.0.busy`).
 * @returns the value, or undefined when any step is missing
 */
export function readJsonPath(doc: unknown, path: string): unknown {
  const steps = path.startsWith("/")
    ? path
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    : path.split(".");
  let at: unknown = doc;
  for (const step of steps) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, step)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}
