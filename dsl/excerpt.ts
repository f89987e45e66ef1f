/**
 * A file's header quoted in a message: bounded and escaped, because the file
 * may not be a CSV at all (`source "/etc/passwd"`) and its first line is then
 * whatever it holds. A first line without a delimiter is not shown at all;
 * otherwise at most a few names, each cut short, control characters shown as
 * escapes.
 */
const MAX_NAMES = 30;
const MAX_NAME_CHARS = 40;

const escapeName = (name: string) =>
  JSON.stringify(name.length > MAX_NAME_CHARS ? name.slice(0, MAX_NAME_CHARS) + "…" : name).slice(1, -1);

export function headerExcerpt(columns: readonly string[]): string {
  // One "column" means the first line has no delimiter: likely not a CSV file at all, so nothing of it is shown.
  if (columns.length === 1)
    return "one column only, not shown (its first line has no delimiter: is it a CSV file, with this delimiter?)";
  const shown = columns.slice(0, MAX_NAMES).map(escapeName).join(", ");
  return columns.length > MAX_NAMES ? `${shown}, … (${columns.length} in all)` : shown;
}
