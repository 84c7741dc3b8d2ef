import { flat } from "./outline.js";

// How a deliverable's title and story are read from its heading or item.

/** "As a user, I want to X so that Y" → { want: "X", soThat: "Y" }. */
export function storyParts(text: string): { want: string; soThat?: string } | undefined {
  const m =
    /\bas an?\s+[^,]{1,80}?,?\s+I (?:want|need|can|would like)\s+(?:to\s+)?(.+?)(?:,?\s+(?:so that|so)\s+(.+))?$/i.exec(
      text.replace(/\*\*/g, ""),
    );
  if (!m) return undefined;
  const soThat = m[2]?.replace(/[.\s]+$/, "");
  return { want: (m[1] as string).replace(/[.,\s]+$/, ""), ...(soThat ? { soThat } : {}) };
}

/** Strips numbering, ids, priorities and "(mandatory)" from a heading or item. */
export function cleanTitle(title: string): string {
  return flat(
    title
      .replace(/\*?\((mandatory|optional|required)\)\*?/gi, "")
      .replace(/\((priority|p)\s*:?\s*p?\d\)/gi, "")
      .replace(/^\W*(\d+(\.\d+)*[.)]?\s+)/, "")
      .replace(
        /^(user\s+)?(story|requirement|feature|epic|task|phase|step|stage|milestone)\s*[\w.]*\d[\w.]*\s*[:.\-–—]\s*/i,
        "",
      )
      .replace(/^(FR|NFR|REQ|US|AC|IV|SC)-?[\d.]+\s*[:.\-–—]?\s*/i, "")
      .replace(
        /^(the\s+)?(system|users?|dashboard|application|app|service|platform|api)\s+(must|shall|should|will|can)\s+(be able to\s+)?/i,
        "",
      )
      .replace(/[:\s]+$/, ""),
  ).replace(/^./, (c) => c.toUpperCase());
}

export function isGeneric(title: string): boolean {
  return (
    /^(requirements?|story|user story|feature|epic|task|item|phase|step)?\s*[\d.]*$/i.test(title) ||
    title.length < 3
  );
}

export function capitalize(text: string): string {
  return text.replace(/^./, (c) => c.toUpperCase());
}

export function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
