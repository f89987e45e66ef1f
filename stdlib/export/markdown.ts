/**
 * Data (column names, classes, a stakeholder's reasons, file names) written
 * into markdown that some renderer will turn into HTML, possibly one that
 * passes raw HTML through (markdown-it with `html: true`): escaped so that it
 * always reads as the text it is, never as a tag, a link or a table cell.
 */

/** Plain text in markdown: HTML escaped as entities, markdown punctuation backslash-escaped, lines joined. */
export function mdText(value: unknown): string {
  return String(value)
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\\`*_[\]()#|!~{}+-]/g, (c) => "\\" + c);
}

/**
 * Text as an inline code span: its content is never parsed as markdown or
 * HTML, so only a run of backticks (which would close the span) and a table's
 * `|` need care: the fence is longer than any run inside.
 */
export function mdCode(value: unknown): string {
  const text = String(value)
    .replace(/[\r\n]+/g, " ")
    .replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || longest > 0 ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
