import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/**
 * Hidden HTML-comment markers that carry Flightdeck's machine-readable state inside GitHub
 * bodies, so a stateless instance can recover everything after a restart. GitHub renders
 * `<!-- … -->` invisibly in issues and comments.
 */
export const MARK = {
  previewPrefix: "<!-- flightdeck:preview",
  confirm: "<!-- flightdeck:confirm -->",
  progressStart: "<!-- flightdeck:progress:start -->",
  progressEnd: "<!-- flightdeck:progress:end -->",
} as const;

/** `<!-- flightdeck:task epic=12 key=T3 -->`: identifies the sub-issue made for task T3 of epic #12. */
export function taskMarker(epic: number, key: string): string {
  return `<!-- flightdeck:task epic=${epic} key=${key} -->`;
}

/** Reads a task marker from an issue body. @returns undefined when absent or malformed */
export function parseTaskMarker(body: string | null | undefined): { epic: number; key: string } | undefined {
  const m = /<!-- flightdeck:task epic=(\d+) key=([A-Za-z0-9._-]{1,40}) -->/.exec(body ?? "");
  return m ? { epic: Number(m[1]), key: m[2] as string } : undefined;
}

/** `<!-- flightdeck:preview epic=12 -->`: the sticky plan-preview comment of epic #12. */
export function previewMarker(epic: number): string {
  return `${MARK.previewPrefix} epic=${epic} -->`;
}

/** `<!-- flightdeck:applied epic=12 plan=<hash> -->`: the summary comment of one applied plan. */
export function appliedMarker(epic: number, planHash: string): string {
  return `<!-- flightdeck:applied epic=${epic} plan=${planHash} -->`;
}

/**
 * `<!-- flightdeck:reply to=comment-123 -->`: a plain reply of this App to one event (the comment
 * or delivery that caused it), so a retried job finds its reply instead of posting it again.
 * @param cause `comment-<id>` or `delivery-<X-GitHub-Delivery>`; characters other than
 *   letters, digits, `.`, `_` and `-` are dropped (a marker must never close early)
 */
export function replyMarker(cause: string): string {
  return `<!-- flightdeck:reply to=${cause.replace(/[^A-Za-z0-9._-]/g, "").slice(0, 100)} -->`;
}

/** SHA-256 hex of a text: binds a preview to the exact epic body it was made from. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The signed plan payload embedded in a preview comment. */
export interface SealedPlan {
  /** The plan exactly as previewed (JSON-serializable). */
  plan: unknown;
  /** sha256 of the epic body the plan was made from (`epicSourceHash`). */
  source: string;
  /** `owner/repo` the plan was made for: a preview copied to another repository is refused. */
  repository: string;
  /** Issue number of the epic the plan was made for: a preview copied to another epic is refused. */
  epic: number;
  /** Task key → login chosen when the plan was previewed. */
  assignees?: Record<string, string>;
}

/**
 * Embeds a plan in a hidden marker, signed with HMAC-SHA256 so an edited comment cannot smuggle
 * a different plan past the confirmation (anyone with write access can edit a bot's comment).
 * Format: `<!-- flightdeck:plan deflate:<base64(deflate-raw(JSON))> sig=<hex> -->` (the signature
 * covers `deflate:…`); base64 has no `-`, so no `--` or `-->`. Compression keeps a 100-task plan
 * a fraction of its JSON; a seal still too long for the preview is split by `splitSeal`.
 */
export function sealPlan(sealed: SealedPlan, secret: string): string {
  const payload = sealPayload(sealed);
  return `<!-- flightdeck:plan ${payload} sig=${hmac(payload, secret)} -->`;
}

function sealPayload(sealed: SealedPlan): string {
  return `deflate:${deflateRawSync(Buffer.from(JSON.stringify(sealed), "utf8"), { level: 9 }).toString("base64")}`;
}

/** A seal split over continuation comments: the header goes in the preview, each part in its own comment. */
export interface SplitSeal {
  /** `<!-- flightdeck:plan parts=N sig=<hex> -->`, for the preview comment. */
  header: string;
  /** Each continuation comment: its marker (to find it again) and its whole body. */
  parts: Array<{ marker: string; body: string }>;
}

/** The marker of continuation comment `part` of `total` of epic #`epic`'s sealed plan. */
export function planPartMarker(epic: number, part: number, total: number): string {
  return `<!-- flightdeck:plan-part epic=${epic} part=${part}/${total} -->`;
}

/**
 * Seals a plan whose seal does not fit in the preview comment: the signed payload is cut into
 * chunks of at most `chunkChars` characters, each carried by a continuation comment
 * (`planPartMarker`); the preview keeps a header with the part count and the signature over the
 * whole payload, so a changed, missing or stale part fails verification.
 */
export function splitSeal(sealed: SealedPlan, secret: string, chunkChars = 60_000): SplitSeal {
  const payload = sealPayload(sealed);
  const total = Math.max(1, Math.ceil(payload.length / chunkChars));
  const parts = Array.from({ length: total }, (_, i) => {
    const marker = planPartMarker(sealed.epic, i + 1, total);
    const chunk = payload.slice(i * chunkChars, (i + 1) * chunkChars);
    return {
      marker,
      body: `${marker}\n_Flightdeck plan for #${sealed.epic}, part ${i + 1} of ${total}: the machine-readable plan that the preview's confirmation applies (too large for the preview comment). Do not edit._\n<!-- flightdeck:plan-data ${chunk} -->`,
    };
  });
  return { header: `<!-- flightdeck:plan parts=${total} sig=${hmac(payload, secret)} -->`, parts };
}

/** Hash of a sealed payload: short, stable id of a previewed plan. */
export function planHash(sealed: Pick<SealedPlan, "plan" | "source"> & Partial<SealedPlan>): string {
  return sha256(JSON.stringify(sealed)).slice(0, 16);
}

/**
 * Reads and verifies a sealed plan from a comment body, and that it was made for `expected`
 * (repository and epic; the epic text is compared by the apply job, which re-reads it).
 * A split seal (`splitSeal`) is read from `partBodies`: the bodies of this App's comments on
 * the epic (only those: anyone can post a comment with a part marker).
 * @returns the payload, or an error message saying why it cannot be trusted
 */
export function unsealPlan(
  body: string,
  secret: string,
  expected: { repository: string; epic: number },
  partBodies: readonly string[] = [],
): { ok: true; sealed: SealedPlan } | { ok: false; error: string } {
  // The split header first: "parts=3" alone would pass for a base64 payload.
  const split = /<!-- flightdeck:plan parts=(\d{1,3}) sig=([0-9a-f]{64}) -->/.exec(body);
  const m = split
    ? undefined
    : /<!-- flightdeck:plan ((?:deflate:)?[A-Za-z0-9+/=]+) sig=([0-9a-f]{64}) -->/.exec(body);
  if (!m && !split) return { ok: false, error: "the preview comment holds no plan" };
  let payload: string;
  let sig: string;
  if (m) [, payload, sig] = m as unknown as [string, string, string];
  else {
    const total = Number(split?.[1]);
    sig = split?.[2] as string;
    const chunks: string[] = [];
    for (let i = 1; i <= total; i++) {
      const marker = planPartMarker(expected.epic, i, total);
      const part = partBodies.find((b) => b.includes(marker));
      const data = part && /<!-- flightdeck:plan-data ([A-Za-z0-9+/=:]+) -->/.exec(part)?.[1];
      if (!data)
        return { ok: false, error: `part ${i} of ${total} of the plan is missing from the epic's comments` };
      chunks.push(data);
    }
    payload = chunks.join("");
  }
  const wanted = Buffer.from(hmac(payload, secret), "hex");
  const given = Buffer.from(sig, "hex");
  if (wanted.length !== given.length || !timingSafeEqual(wanted, given)) {
    return { ok: false, error: "the plan in the preview comment was modified after Flightdeck wrote it" };
  }
  let sealed: SealedPlan;
  try {
    const bytes = payload.startsWith("deflate:")
      ? inflateRawSync(Buffer.from(payload.slice(8), "base64"), { maxOutputLength: 32 * 1024 * 1024 })
      : Buffer.from(payload, "base64");
    sealed = JSON.parse(bytes.toString("utf8")) as SealedPlan;
  } catch {
    return { ok: false, error: "the plan in the preview comment is unreadable" };
  }
  // The key signs every preview of every repository: a genuine seal copied elsewhere must not
  // apply there, so the seal names where it belongs and is refused anywhere else.
  const where = `${sealed.repository}#${sealed.epic}`;
  if (typeof sealed.repository !== "string" || typeof sealed.epic !== "number") {
    return { ok: false, error: "the plan in the preview comment does not say which epic it was made for" };
  }
  if (sealed.repository.toLowerCase() !== expected.repository.toLowerCase()) {
    return {
      ok: false,
      error: `the plan in the preview comment was made for another repository (${where}), not ${expected.repository}`,
    };
  }
  if (sealed.epic !== expected.epic) {
    return {
      ok: false,
      error: `the plan in the preview comment was made for another epic (${where}), not #${expected.epic}`,
    };
  }
  return { ok: true, sealed };
}

function hmac(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}

/**
 * Replaces (or appends) the progress section of an epic body between the progress markers,
 * leaving everything the maintainer wrote untouched.
 */
export function replaceSection(body: string, section: string): string {
  const block = `${MARK.progressStart}\n${section}\n${MARK.progressEnd}`;
  const start = body.indexOf(MARK.progressStart);
  const end = body.indexOf(MARK.progressEnd);
  if (start >= 0 && end > start)
    return body.slice(0, start) + block + body.slice(end + MARK.progressEnd.length);
  return `${body.replace(/\s+$/, "")}\n\n${block}\n`;
}

/**
 * Hash of an epic's own text: the body without Flightdeck's progress section, so applying a
 * plan (which writes that section) does not make the epic look edited.
 */
export function epicSourceHash(body: string): string {
  return sha256(epicOwnText(body).replace(/\r\n/g, "\n").trim());
}

/**
 * The epic's own text: its body without the progress section Flightdeck writes, so planning
 * again after an apply never turns Flightdeck's own task list into tasks.
 */
export function epicOwnText(body: string): string {
  const start = body.indexOf(MARK.progressStart);
  const end = body.indexOf(MARK.progressEnd);
  return start >= 0 && end > start ? body.slice(0, start) + body.slice(end + MARK.progressEnd.length) : body;
}
