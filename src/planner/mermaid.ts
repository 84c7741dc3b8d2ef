/** A node of a mermaid flowchart: its id and, when given, its label (`T1[Task 1: Setup]`). */
export interface MermaidNode {
  id: string;
  label?: string;
}

/** A directed edge `from --> to`: `from` must finish before `to` starts. */
export interface MermaidEdge {
  from: string;
  to: string;
}

export interface MermaidGraph {
  nodes: Map<string, MermaidNode>;
  edges: MermaidEdge[];
}

// Arrow forms of mermaid flowcharts that express order: -->, --->, ==>, -.->, with an optional
// |label| or "-- text -->" label. Plain links (---) carry no direction and are ignored.
const ARROW = /\s*(?:--\s*[^-|>]+?\s*-->|==\s*[^=|>]+?\s*==>|-{2,}>|={2,}>|-\.+->|-->)\s*(?:\|[^|]*\|)?\s*/;
const NODE =
  /^([A-Za-z0-9_.-]+)\s*(?:(\[\[|\[\(|\[\/|\[\\|\[|\(\(|\(\[|\(|\{\{|\{|>)(.*?)(\]\]|\)\]|\/\]|\\\]|\]|\)\)|\)|\}\}|\})?)?\s*$/;

/**
 * Extracts the directed edges of a mermaid flowchart (`graph TD` / `flowchart LR`), following
 * mermaid's flowchart syntax: chains (`A --> B --> C`), fan-in/out with `&`, node shapes with
 * labels, edge labels, and `;`-separated statements. Lines it does not understand are skipped.
 */
export function parseMermaid(source: string): MermaidGraph {
  const nodes = new Map<string, MermaidNode>();
  const edges: MermaidEdge[] = [];
  const statements = source
    .split(/\n|;/)
    .map((l) => l.replace(/%%.*$/, "").trim())
    .filter(Boolean);
  for (const statement of statements) {
    if (
      /^(graph|flowchart|subgraph|end$|classDef|class |style |linkStyle|click |direction)/.test(statement)
    ) {
      continue;
    }
    const parts = splitArrows(statement);
    const groups = parts.map((part) =>
      part
        .split(/\s+&\s+/)
        .map((token) => parseNode(token))
        .filter((n): n is MermaidNode => n !== undefined),
    );
    for (const group of groups) {
      for (const node of group) {
        const known = nodes.get(node.id);
        if (!known || (!known.label && node.label)) nodes.set(node.id, node);
      }
    }
    for (let i = 0; i + 1 < groups.length; i++) {
      for (const from of groups[i] ?? []) {
        for (const to of groups[i + 1] ?? []) edges.push({ from: from.id, to: to.id });
      }
    }
  }
  return { nodes, edges: dedupe(edges) };
}

function splitArrows(statement: string): string[] {
  const parts: string[] = [];
  let rest = statement;
  for (;;) {
    // Only split outside node labels: find the first arrow not inside brackets.
    const at = findArrow(rest);
    if (!at) break;
    parts.push(rest.slice(0, at.index));
    rest = rest.slice(at.index + at.length);
  }
  parts.push(rest);
  return parts;
}

function findArrow(text: string): { index: number; length: number } | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if ("[({".includes(ch)) depth++;
    else if ("])}".includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === "-" || ch === "=" || ch === " ")) {
      const m = ARROW.exec(text.slice(i));
      if (m && m.index === 0 && m[0].trim().length > 0) return { index: i, length: m[0].length };
    }
  }
  return undefined;
}

function parseNode(token: string): MermaidNode | undefined {
  const m = NODE.exec(token.trim());
  if (!m) return undefined;
  const id = m[1] as string;
  const label = m[3]?.trim().replace(/^"(.*)"$/, "$1");
  return label ? { id, label } : { id };
}

function dedupe(edges: MermaidEdge[]): MermaidEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = `${e.from}\u0000${e.to}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
