import { createHmac, timingSafeEqual } from "node:crypto";
import type { Baseline } from "./forecast.js";

/**
 * The original forecast travels in the epic body, inside Mission Control's section, as
 * `<!-- flightdeck:baseline <base64 JSON> sig=<hex> -->`, signed with HMAC-SHA256 (the plan
 * secret). People can edit the epic body, so an unsigned or badly signed baseline is ignored
 * and the baseline is recomputed from the tasks: no one can move the goalposts by hand.
 */
export function sealBaseline(epic: number, baseline: Baseline, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ epic, ...baseline }), "utf8").toString("base64");
  return `<!-- flightdeck:baseline ${payload} sig=${sign(payload, secret)} -->`;
}

/** Reads and verifies the baseline of epic `epic` from its body. @returns undefined when absent or untrusted */
export function readBaseline(body: string, epic: number, secret: string): Baseline | undefined {
  const m = /<!-- flightdeck:baseline ([A-Za-z0-9+/=]+) sig=([0-9a-f]{64}) -->/.exec(body);
  if (!m) return undefined;
  const wanted = Buffer.from(sign(m[1] as string, secret), "hex");
  const given = Buffer.from(m[2] as string, "hex");
  if (wanted.length !== given.length || !timingSafeEqual(wanted, given)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as Baseline & {
      epic: number;
    };
    if (v.epic !== epic) return undefined; // a baseline copied from another epic
    const { start, forecast, workdays, hours } = v;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (
      !date.test(start) ||
      !date.test(forecast) ||
      typeof workdays !== "number" ||
      typeof hours !== "number"
    )
      return undefined;
    return { start, forecast, workdays, hours };
  } catch {
    return undefined;
  }
}

function sign(payload: string, secret: string): string {
  return createHmac("sha256", `flightdeck-baseline\u0000${secret}`).update(payload).digest("hex");
}
