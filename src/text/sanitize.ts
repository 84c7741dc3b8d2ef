/**
 * Untrusted text (epic bodies, task titles and criteria, LLM output, comments, report fields) is
 * data. Everything Flightdeck writes into a GitHub body goes through here first, so such text can
 * never:
 * - form one of Flightdeck's hidden `<!-- flightdeck:… -->` markers (they are read back as state),
 * - inject raw HTML (`<details>`, `<img>`, comments hiding content from reviewers),
 * - notify people (`@login`, `@org/team`) or cross-reference issues (`#12`, `owner/repo#12`,
 *   `GH-12`) in Flightdeck's name.
 *
 * Markdown stays readable: an invisible zero-width space (U+200B) goes after a `<` that would
 * open a tag, comment or autolink (`<\u200b!--` is text, not a comment; a tag name must follow
 * `<` directly), after the `@` of a mention and the `#` of a reference, which GitHub's parser and
 * autolinker do not cross. Nothing is removed, and the same transformation is safe in prose and
 * inside code (no need to find code spans, whose edge cases — escaped backticks, unclosed fences —
 * would otherwise let HTML through).
 */

const ZWSP = "\u200b";

/**
 * Neutralizes untrusted text for any Markdown body Flightdeck writes (issues, comments, check
 * run summaries). See the module comment for what it does and why.
 * @param text untrusted text; undefined or null is treated as empty
 * @returns the same text, safe to embed next to Flightdeck's markers
 */
export function sanitizeUntrusted(text: string | null | undefined): string {
  return neutralizeReferences(neutralizeMentions(neutralizeHtml(text ?? "")));
}

/** Breaks every `<` that could open an HTML tag, comment (`<!--`), declaration or autolink. */
export function neutralizeHtml(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, `<${ZWSP}`);
}

/**
 * Puts a zero-width space after every `@` that GitHub would read as a mention: an `@` followed by
 * a letter or digit and not preceded by one (`a@b.c` is an address, not a mention). This covers
 * mentions after backticks, brackets, quotes and other punctuation, which GitHub also notifies.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`);
}

/**
 * Breaks GitHub's issue autolinks so untrusted text cannot cross-reference (and so ping) other
 * issues and pull requests: `#12`, `owner/repo#12`, `GH-12`.
 */
export function neutralizeReferences(text: string): string {
  return text.replace(/#(?=\d)/g, `#${ZWSP}`).replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`);
}

/** Escapes untrusted text for one cell of a Markdown table: one line, no column separators. */
export function tableCell(text: string): string {
  return sanitizeUntrusted(text.replace(/\r?\n/g, " ")).replace(/\|/g, "\\|");
}

/** Makes untrusted text safe inside a quoted mermaid node label (`A["…"]`). */
export function mermaidLabel(text: string): string {
  return neutralizeReferences(neutralizeMentions(text))
    .replace(/["<>]/g, (c) => ({ '"': "#quot;", "<": "#lt;", ">": "#gt;" })[c] ?? c)
    .replace(/\s+/g, " ");
}

/** One line of untrusted text for a list item or a sentence (no line breaks, sanitized). */
export function inlineUntrusted(text: string): string {
  return sanitizeUntrusted(text.replace(/\s*\r?\n\s*/g, " "));
}

/**
 * Breaks a `/flightdeck …` command (a zero-width space after the slash) so that text Flightdeck
 * writes can never read as a command, wherever it is quoted later.
 */
export function neutralizeCommands(text: string): string {
  return text.replace(/\/(?=flightdeck\b)/gi, `/${ZWSP}`);
}

/**
 * Model output (role agents, `ask` answers) for a comment: sanitized like any untrusted text,
 * commands broken, and cut to `maxChars` characters.
 */
export function sanitizeModelOutput(text: string, maxChars = 6000): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return neutralizeCommands(sanitizeUntrusted(cut.trim()));
}
