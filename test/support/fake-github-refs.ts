import type { FakeGitHub } from "./fake-github.js";
import type { RestRoute } from "./fake-github-rest.js";

/** The fake's branch heads and tags (name → commit SHA); `main` points at MAIN_HEAD unless set. */
export interface FakeRefs {
  heads: Map<string, string>;
  tags: Map<string, string>;
}

/** The default branch's head commit in tests, unless a test moves it. */
export const MAIN_HEAD = "c".repeat(40);

const stores = new WeakMap<FakeGitHub, FakeRefs>();

/** The refs of a fake (created with `main` at MAIN_HEAD and no tags). */
export function refsOf(fake: FakeGitHub): FakeRefs {
  let r = stores.get(fake);
  if (!r) {
    r = { heads: new Map([["main", MAIN_HEAD]]), tags: new Map() };
    stores.set(fake, r);
  }
  return r;
}

/** GET /repos/{o}/{r}/commits/{ref}: a SHA, `heads/<branch>`, `tags/<tag>` or a bare name. */
export const REF_ROUTES: RestRoute[] = [
  {
    method: "GET",
    pattern: /^\/commits\/(?!.*\/(?:check-runs|pulls)$)(.+)$/,
    handle(fake, m) {
      const ref = decodeURIComponent(m[1] as string);
      const refs = refsOf(fake);
      const sha = /^[0-9a-f]{40}$/.test(ref)
        ? ref
        : ref.startsWith("tags/")
          ? refs.tags.get(ref.slice(5))
          : ref.startsWith("heads/")
            ? refs.heads.get(ref.slice(6))
            : (refs.heads.get(ref) ?? refs.tags.get(ref));
      if (!sha) return [422, { message: `No commit found for SHA: ${ref}` }];
      return [200, { sha, node_id: `C_${sha.slice(0, 8)}`, commit: { message: "release" }, files: [] }];
    },
  },
];
