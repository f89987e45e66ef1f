/**
 * The messages of a dataset's `text` columns: one string per table row
 * (several columns joined by a line break), checked so that bad input gets
 * one clear message: a column of numbers is refused, a column of only empty
 * messages is refused, empty messages and over-long ones are noted (the long
 * ones cut), and test messages with characters the training messages never
 * had are counted (their tokens are out of vocabulary; U+FFFD usually means
 * the file's encoding was not declared).
 */
import type { TextSpec } from "../../plan/plan";
import { NeedlabError } from "../errors";
import { cellAt, NUMBER_TEXT, shown } from "./columns";
import { columnOf, type Typed } from "./rows";

/** Longest message read, in characters (UTF-16 units); longer ones are cut, with a note. */
export const MAX_TEXT_CHARS = 100_000;

const rowList = (rows: number[]) =>
  rows
    .slice(0, 5)
    .map((r) => r + 2)
    .join(", ") + (rows.length > 5 ? ", …" : "");

/** Each table row's message; `notes` gets what the user should know. Row numbers in notes are file lines (header = 1). */
export function readMessages(table: Typed, text: TextSpec, notes: string[]): string[] {
  const parts = text.columns.map((name) => {
    const col = columnOf(table, name, "text");
    const values = Array.from({ length: table.rows }, (_, r) => cellAt(col, r));
    const present = values.filter((v) => v !== null);
    const numeric = present.filter((v) => typeof v === "number" || NUMBER_TEXT.test(String(v).trim())).length;
    if (present.length > 0 && numeric >= 0.9 * present.length)
      throw new NeedlabError(
        `text column '${shown(name)}' in ${table.file} holds numbers (${numeric} of ${present.length} values, such as ${shown(present[0])}), not messages: name the column that holds the text, or use '${shown(name)}' as an ordinary feature (remove it from \`text\`).`,
      );
    if (present.every((v) => String(v).trim() === ""))
      throw new NeedlabError(
        `text column '${shown(name)}' in ${table.file} has no messages: every value is empty; name the column that holds the text.`,
      );
    return values.map((v) => (v === null ? "" : String(v)));
  });
  const messages = Array.from({ length: table.rows }, (_, r) => parts.map((p) => p[r]).join("\n"));
  const label = text.columns.map((c) => `'${shown(c)}'`).join(" + ");
  const empty: number[] = [],
    long: number[] = [];
  let longest = 0;
  messages.forEach((m, r) => {
    if (m.trim() === "") empty.push(r);
    if (m.length > MAX_TEXT_CHARS) {
      long.push(r);
      longest = Math.max(longest, m.length);
      messages[r] = m.slice(0, MAX_TEXT_CHARS);
    }
  });
  if (empty.length)
    notes.push(
      `${empty.length} message${empty.length > 1 ? "s" : ""} in ${label} ${empty.length > 1 ? "are" : "is"} empty (line${empty.length > 1 ? "s" : ""} ${rowList(empty)} of ${table.file}): ${empty.length > 1 ? "they are" : "it is"} read as a message with no words, which models answer with the classes' prior; filter such rows out if they are not real messages.`,
    );
  if (long.length)
    notes.push(
      `${long.length} message${long.length > 1 ? "s" : ""} in ${label} ${long.length > 1 ? "are" : "is"} longer than ${MAX_TEXT_CHARS.toLocaleString("en")} characters (the longest ${longest.toLocaleString("en")}, line${long.length > 1 ? "s" : ""} ${rowList(long)}): only the first ${MAX_TEXT_CHARS.toLocaleString("en")} characters are read. Check the file: a message that long is usually a whole document or a broken quote.`,
    );
  return messages;
}

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** A note on held-out messages with characters no training message has (none when there are none). */
export function unseenCharacters(train: string[], heldOut: string[], part: string): string | undefined {
  const seen = new Set<string>();
  for (const m of train) for (const c of m) seen.add(c);
  const unseen = new Map<string, number>();
  let rows = 0;
  for (const m of heldOut) {
    let any = false;
    for (const c of m)
      if (!seen.has(c) && !/\s/u.test(c)) {
        unseen.set(c, (unseen.get(c) ?? 0) + 1);
        any = true;
      }
    if (any) rows++;
  }
  if (rows === 0) return undefined;
  const top = [...unseen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const replacement = unseen.has("\uFFFD")
    ? " U+FFFD is the replacement character: the file's bytes did not decode, so declare its `encoding`."
    : "";
  return `${rows} of ${heldOut.length} ${part} messages hold characters no training message has (${top.map(([c, n]) => `${codePoint(c)} ×${n}`).join(", ")}${unseen.size > 5 ? ", …" : ""}): the tokens they are in are out of vocabulary for every text model.${replacement}`;
}
