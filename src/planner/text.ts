/**
 * Makes untrusted text (epic content, LLM output) safe to echo in a GitHub body: `@login` and
 * `@org/team` would notify people, so a zero-width space is put after the `@`. Text inside
 * code spans is left alone (GitHub does not notify from code).
 */
export function neutralizeMentions(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, "$1@\u200b")))
    .join("");
}

/** Escapes text for one cell of a Markdown table: no line breaks, column separators or HTML. */
export function tableCell(text: string): string {
  return neutralizeMentions(text).replace(/\r?\n/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

/** Makes text safe inside a quoted mermaid node label (`A["…"]`). */
export function mermaidLabel(text: string): string {
  return neutralizeMentions(text)
    .replace(/["<>]/g, (c) => ({ '"': "#quot;", "<": "#lt;", ">": "#gt;" })[c] ?? c)
    .replace(/\s+/g, " ");
}
