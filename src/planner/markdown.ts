import type { Code, List, ListItem, Nodes, Root, RootContent } from "mdast";
import { toString as mdToString } from "mdast-util-to-string";
import { parsePlanMarkdown } from "./parse.js";

/** A list item of the epic with its context, flattened from the markdown tree. */
export interface EpicListItem {
  /** Plain text of the item's first paragraph (markdown formatting removed). */
  text: string;
  /** `true`/`false` for a task-list item (`- [x]` / `- [ ]`), `null` for a plain item. */
  checked: boolean | null;
  ordered: boolean;
  /** Headings above the item, outermost first (plain text). */
  headings: string[];
  /** The paragraph just before the list, when it introduces it ("Requirements:"). */
  lead?: string;
  /** Plain text of each nested item (all depths, in order). */
  children: string[];
  /** Nesting depth: 0 for a top-level list. */
  depth: number;
}

/** Everything the deterministic planner reads from an epic. */
export interface EpicDocument {
  title?: string;
  items: EpicListItem[];
  /** Bodies of ```mermaid code blocks. */
  mermaid: string[];
  /** Bodies of other code blocks (plain-text dependency graphs: "Task 1 → Task 3"). */
  code: string[];
  /** Paragraph texts with their headings, for "Requirements:"-style prose and bold key lines. */
  paragraphs: Array<{ text: string; headings: string[] }>;
}

/**
 * Parses an epic's markdown (GitHub-flavoured: task lists, tables) into the pieces the planner
 * uses. Uses mdast-util-from-markdown with the GFM extension, the parser family GitHub's own
 * renderer is specified against (CommonMark + GFM).
 */
export function parseEpic(markdown: string | Root): EpicDocument {
  const tree: Root = typeof markdown === "string" ? parsePlanMarkdown(markdown) : markdown;
  const doc: EpicDocument = { items: [], mermaid: [], code: [], paragraphs: [] };
  const headings: string[] = [];
  const depths: number[] = [];
  let previous: RootContent | undefined;

  for (const node of tree.children) {
    if (node.type === "heading") {
      while (depths.length && (depths[depths.length - 1] ?? 0) >= node.depth) {
        depths.pop();
        headings.pop();
      }
      const text = mdToString(node).trim();
      if (node.depth === 1 && doc.title === undefined) doc.title = text;
      depths.push(node.depth);
      headings.push(text);
    } else if (node.type === "list") {
      const lead = previous?.type === "paragraph" ? mdToString(previous).trim() : undefined;
      collectList(node, [...headings], lead, 0, doc.items);
    } else if (node.type === "code" && isMermaid(node)) {
      doc.mermaid.push(node.value);
    } else if (node.type === "code") {
      doc.code.push(node.value);
    } else if (node.type === "paragraph") {
      doc.paragraphs.push({ text: mdToString(node).trim(), headings: [...headings] });
    }
    previous = node;
  }
  return doc;
}

function isMermaid(node: Code): boolean {
  return (node.lang ?? "").toLowerCase() === "mermaid";
}

function collectList(
  list: List,
  headings: string[],
  lead: string | undefined,
  depth: number,
  out: EpicListItem[],
) {
  for (const item of list.children) {
    const first = item.children.find((c) => c.type === "paragraph");
    out.push({
      text: first ? flat(mdToString(first)) : "",
      checked: item.checked ?? null,
      ordered: Boolean(list.ordered),
      headings,
      ...(lead !== undefined ? { lead } : {}),
      children: nestedTexts(item),
      depth,
    });
  }
}

function nestedTexts(item: ListItem): string[] {
  const out: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === "listItem") {
      const first = node.children.find((c) => c.type === "paragraph");
      if (first) out.push(flat(mdToString(first)));
    }
    if ("children" in node) for (const c of node.children) walk(c as Nodes);
  };
  for (const c of item.children) if (c.type === "list") walk(c);
  return out;
}

/** Collapses soft line breaks and runs of white space: a list item's text is one line. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
