import type { List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from "mdast";
import { toString as mdToString } from "mdast-util-to-string";
import { parsePlanMarkdown } from "./parse.js";
import { type SectionKind, sectionKind } from "./scope.js";

/** One list item (or table row) of a section, with its nested lines. */
export interface OutlineItem {
  /** Plain text of the item's first paragraph, on one line. */
  text: string;
  /** A bold lead label ("**Auth:** …" → "Auth"), when the item starts with one. */
  label?: string;
  /** `true`/`false` for `- [x]` / `- [ ]`, `null` for a plain item. */
  checked: boolean | null;
  ordered: boolean;
  /** Nested item texts (all depths, in order) and later paragraphs of the item. */
  children: string[];
}

/**
 * A section of a document: a heading, or a "pseudo-heading" — a bold-only paragraph or a short
 * "Label:" line that introduces a list (`**Core Task Management**`, `Phase 1: Foundation (Months 1-2)`),
 * which is how many PRDs structure their content below the last real heading.
 */
export interface OutlineSection {
  title: string;
  /** Heading depth (1-6); pseudo-headings get their heading's depth + 0.5. */
  depth: number;
  pseudo: boolean;
  /** What the section holds, from its title and its ancestors' (see scope.ts). */
  kind: SectionKind;
  paragraphs: string[];
  items: OutlineItem[];
  /** Bodies of fenced code blocks, with their language. */
  code: Array<{ lang: string; value: string }>;
  children: OutlineSection[];
  parent?: OutlineSection;
}

/** A whole document as a tree of sections under a root (depth 0) holding the text before any heading. */
export interface Outline {
  title?: string;
  root: OutlineSection;
  /** Every section in document order (root first). */
  sections: OutlineSection[];
}

/**
 * Parses Markdown (CommonMark + GFM, via mdast-util-from-markdown) into a section tree. YAML front
 * matter is dropped; a line holding only an XML-like tag (`<context>`, `</PRD>`) is read as a blank
 * line so a wrapper does not swallow the text after it into one HTML block. `epicTitle` is the
 * issue's title: a first heading that repeats it is the document's title, not a section.
 * Linear in the document's size.
 */
export function parseOutline(markdown: string | Root, epicTitle?: string): Outline {
  const named = epicTitle ? flat(epicTitle).toLowerCase() : undefined;
  const tree = typeof markdown === "string" ? parseMarkdownTree(markdown) : markdown;
  const root = makeSection("", 0, false, undefined);
  const outline: Outline = { root, sections: [root] };
  let heading = root;
  let current = root;
  const nodes = tree.children;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as RootContent;
    const next = nodes[i + 1];
    if (node.type === "heading") {
      const title = flat(mdToString(node));
      // The first `# Title` (or a first heading repeating the title) names the document.
      const isTitle = node.depth === 1 || (named !== undefined && title.toLowerCase() === named);
      if (isTitle && outline.title === undefined && outline.sections.length === 1) {
        outline.title = title;
        continue;
      }
      let parent = heading;
      while (parent !== root && parent.depth >= node.depth) parent = parent.parent ?? root;
      heading = current = addSection(outline, title, node.depth, false, parent);
    } else if (node.type === "paragraph") {
      const pseudo = pseudoHeading(node, next);
      if (pseudo !== undefined) {
        current = addSection(outline, pseudo, heading.depth + 0.5, true, heading);
      } else {
        // Soft line breaks are kept: "**Priority:** High⏎**Estimate:** 3 weeks" is one field a line.
        current.paragraphs.push(lines(mdToString(node)));
      }
    } else if (node.type === "list") {
      collectList(node, current.items);
    } else if (node.type === "table") {
      collectTable(node, current.items);
    } else if (node.type === "code") {
      current.code.push({ lang: (node.lang ?? "").toLowerCase(), value: node.value });
    }
  }
  return outline;
}

/**
 * Parses Markdown once for both readers (the explicit-task reader and the outline): front matter
 * dropped, lone XML-like tag lines blanked.
 */
export function parseMarkdownTree(markdown: string): Root {
  const text = markdown
    .replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n/, "")
    .replace(/^[ \t]*<\/?[A-Za-z_][\w.-]*(\s[^<>]*)?>[ \t]*$/gm, "");
  return parsePlanMarkdown(text);
}

function makeSection(
  title: string,
  depth: number,
  pseudo: boolean,
  parent: OutlineSection | undefined,
): OutlineSection {
  const kind = sectionKind(title, parent?.kind);
  return {
    title,
    depth,
    pseudo,
    kind,
    paragraphs: [],
    items: [],
    code: [],
    children: [],
    ...(parent ? { parent } : {}),
  };
}

function addSection(
  outline: Outline,
  title: string,
  depth: number,
  pseudo: boolean,
  parent: OutlineSection,
): OutlineSection {
  const s = makeSection(title, depth, pseudo, parent);
  parent.children.push(s);
  outline.sections.push(s);
  return s;
}

/**
 * A paragraph that is all bold ("**Security**", "**Deliverables:**"), or a short line ending in
 * ":" or shaped "Label N: name" that a list follows, names the list below it.
 */
function pseudoHeading(node: Paragraph, next: RootContent | undefined): string | undefined {
  const kids = node.children.filter((c) => !(c.type === "text" && !c.value.trim()));
  const text = flat(mdToString(node));
  if (!text || text.length > 120) return undefined;
  const allStrong = kids.length === 1 && (kids[0]?.type === "strong" || kids[0]?.type === "emphasis");
  const strongColon =
    kids.length === 2 &&
    kids[0]?.type === "strong" &&
    kids[1]?.type === "text" &&
    /^\s*:?\s*$/.test(kids[1].value);
  if (allStrong || strongColon) return text.replace(/:\s*$/, "");
  if (next?.type === "list" && (/:$/.test(text) || /^[A-Z][\w&/ -]{0,40}\d*[:—–-]/.test(text)))
    return text.replace(/:\s*$/, "");
  return undefined;
}

function collectList(list: List, out: OutlineItem[]): void {
  for (const item of list.children) out.push(toItem(item, Boolean(list.ordered)));
}

function toItem(item: ListItem, ordered: boolean): OutlineItem {
  const first = item.children.find((c) => c.type === "paragraph") as Paragraph | undefined;
  const text = first ? flat(mdToString(first)) : "";
  const lead = first?.children[0];
  const label =
    lead?.type === "strong" ? flat(mdToString(lead)).replace(/[:\s]+$/, "") || undefined : undefined;
  const children: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === "listItem") {
      const p = node.children.find((c) => c.type === "paragraph");
      if (p) children.push(flat(mdToString(p)));
    }
    if ("children" in node) for (const c of node.children) walk(c as Nodes);
  };
  for (const c of item.children) {
    if (c.type === "list") walk(c);
    else if (c.type === "paragraph" && c !== first) children.push(flat(mdToString(c)));
  }
  return { text, ...(label ? { label } : {}), checked: item.checked ?? null, ordered, children };
}

function collectTable(table: Table, out: OutlineItem[]): void {
  const [head, ...rows] = table.children;
  const names = head ? head.children.map((c) => flat(mdToString(c))) : [];
  for (const row of rows) {
    const cells = row.children.map((c) => flat(mdToString(c)));
    const [first, ...rest] = cells;
    if (!first) continue;
    out.push({
      text: first,
      checked: null,
      ordered: false,
      children: rest.filter(Boolean).map((v, i) => (names[i + 1] ? `${names[i + 1]}: ${v}` : v)),
    });
  }
}

function lines(text: string): string {
  return text
    .split("\n")
    .map((l) => flat(l))
    .filter(Boolean)
    .join("\n");
}

/** Collapses soft line breaks and runs of white space. */
export function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
