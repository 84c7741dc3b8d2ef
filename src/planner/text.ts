// Moved to src/text/sanitize.ts (shared text helpers live in src/text/); kept for older imports.
export { mermaidLabel, neutralizeMentions, sanitizeUntrusted, tableCell } from "../text/sanitize.js";
