/**
 * The byte level of the CSV reader: records and fields found in a buffer
 * (RFC 4180 quotes, LF, CRLF and lone CR line ends), the line each row
 * starts on, and the checks on raw bytes (UTF-8 validity, NUL bytes) and
 * the delimiter hint, each naming the line.
 */
import { isUtf8 } from "node:buffer";
import { NeedlabError } from "../errors";
import { shown } from "./columns";

const QUOTE = 0x22,
  LF = 0x0a,
  CR = 0x0d,
  SPACE = 0x20,
  TAB = 0x09;

/** Splits raw bytes into records and fields; calls `onRecord` with field offsets for each complete record. */
export class RecordScanner {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  quoted = new Uint8Array(256);
  count = 0;
  line = 1;
  constructor(private readonly delimiter: number) {}

  private addField(s: number, e: number, q: number): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.quoted = grow(this.quoted);
    }
    this.starts[this.count] = s;
    this.ends[this.count] = e;
    this.quoted[this.count++] = q;
  }

  /**
   * Scans `buf` from `from`; returns the offset where an incomplete record
   * starts (to be carried into the next piece), or buf.length when all was used.
   */
  scan(buf: Buffer, from: number, final: boolean, onRecord: (line: number) => void): number {
    const d = this.delimiter,
      n = buf.length;
    let i = from;
    while (i < n) {
      const recordStart = i,
        recordLine = this.line;
      let newlines = 0;
      this.count = 0;
      for (;;) {
        // One field.
        if (buf[i] === QUOTE) {
          let j = i + 1,
            escaped = 0;
          for (;;) {
            while (j < n && buf[j] !== QUOTE) {
              if (buf[j] === LF) newlines++;
              j++;
            }
            if (j >= n) {
              if (!final) return ((this.line = recordLine), recordStart);
              throw new NeedlabError(
                `line ${recordLine} opens a quoted field that is never closed: add the closing quote (") or remove the stray one.`,
              );
            }
            if (buf[j + 1] === QUOTE) {
              escaped = 1;
              j += 2;
              continue;
            }
            break;
          }
          this.addField(i + 1, j, 1 + escaped);
          i = j + 1;
          // Tolerate spaces after the closing quote, as papaparse does not but people write.
          while (i < n && (buf[i] === SPACE || buf[i] === TAB)) i++;
          if (i < n && buf[i] !== d && buf[i] !== LF && buf[i] !== CR)
            throw new NeedlabError(
              `line ${recordLine + newlines} has text after a closing quote (${shown(buf.toString("utf8", i, Math.min(n, i + 40)).split(/[\r\n]/)[0])}): quote the whole field, writing a quote inside it as "".`,
            );
        } else {
          let j = i;
          while (j < n) {
            const c = buf[j];
            if (c === d || c === LF || c === CR) break;
            j++;
          }
          if (j >= n && !final) return ((this.line = recordLine), recordStart);
          this.addField(i, j, 0);
          i = j;
        }
        if (i < n && buf[i] === d) {
          i++;
          if (i >= n && !final) return ((this.line = recordLine), recordStart);
          continue;
        }
        break;
      }
      // End of record: LF, CRLF or a lone CR (old Mac files).
      if (i < n && buf[i] === CR) {
        if (i + 1 >= n && !final) return ((this.line = recordLine), recordStart);
        i += buf[i + 1] === LF ? 2 : 1;
      } else if (i < n && buf[i] === LF) i++;
      this.line = recordLine + newlines + 1;
      const empty = this.count === 1 && this.ends[0] === this.starts[0] && !this.quoted[0];
      if (!empty) onRecord(recordLine);
    }
    return n;
  }
}

export function fieldText(buf: Buffer, s: number, e: number, quoted: number): string {
  const t = buf.toString("utf8", s, e);
  return quoted === 2 ? t.replace(/""/g, '"') : t;
}

/**
 * The line each row starts on, stored only where it jumps (a blank line, a
 * quoted field over several lines): a plain file costs nothing per row.
 */
export class LineIndex {
  private rows: number[] = [0];
  private lines: number[] = [2];
  private lastRow = 0;
  private lastLine = 2;
  add(row: number, line: number): void {
    if (line !== this.lastLine + (row - this.lastRow)) {
      this.rows.push(row);
      this.lines.push(line);
    }
    this.lastRow = row;
    this.lastLine = line;
  }
  lineOf(row: number): number {
    let lo = 0,
      hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.rows[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return this.lines[lo] + (row - this.rows[lo]);
  }
}

export function countNewlines(buf: Buffer): number {
  let n = 0,
    i = -1;
  while ((i = buf.indexOf(LF, i + 1)) >= 0) n++;
  if (n === 0) while ((i = buf.indexOf(CR, i + 1)) >= 0) n++;
  return n;
}

/** Refuses bytes that are not UTF-8, naming the line and the encoding to declare. */
export function checkUtf8(buf: Buffer, final: boolean, shownName: string, lineBefore: number): void {
  // A multi-byte character may be cut at the end of a piece: judge up to the last newline.
  const end = final ? buf.length : buf.lastIndexOf(LF) + 1;
  const nul = buf.indexOf(0);
  if (nul >= 0 && nul < Math.max(end, 1)) {
    const line = lineBefore + countNewlines(buf.subarray(0, nul));
    throw new NeedlabError(
      `line ${line} of ${shownName} holds a NUL byte (a zero byte, column ${nul - buf.lastIndexOf(LF, nul)}): text files have none, so the file is damaged or not text. Remove those bytes (e.g. \`tr -d '\\000'\`) or export the data again.`,
    );
  }
  if (end <= 0 || isUtf8(buf.subarray(0, end))) return;
  let lo = 0,
    line = lineBefore;
  for (;;) {
    const nl = buf.indexOf(LF, lo);
    const stop = nl < 0 || nl >= end ? end : nl + 1;
    if (!isUtf8(buf.subarray(lo, stop))) {
      const text = buf.subarray(lo, stop);
      const bad = text.findIndex((b) => b >= 0x80);
      throw new NeedlabError(
        `line ${line} of ${shownName} is not valid UTF-8 (byte 0x${text[bad].toString(16).toUpperCase()} at column ${bad + 1}): the file is in another encoding. Declare it, e.g. \`encoding "latin1"\` (Western European) or \`encoding "windows-1252"\`, or save the file as UTF-8.`,
      );
    }
    lo = stop;
    line++;
    if (lo >= end) return;
  }
}

/** When a line has the wrong number of fields: another delimiter that splits the header and that line alike. */
export function delimiterHint(buf: Buffer, width: number, delimiter: string): string {
  const head = buf.toString("utf8", 0, Math.min(buf.length, 4096)).split(/\r\n|\n|\r/);
  const candidates = [",", ";", "\t", "|"].filter((c) => c !== delimiter);
  for (const c of candidates) {
    const counts = head
      .slice(0, 5)
      .filter((l) => l.length)
      .map((l) => l.split(c).length);
    if (counts.length > 1 && counts[0] > 1 && counts.every((k) => k === counts[0]))
      return ` It looks ${c === "\t" ? "tab" : `'${c}'`}-separated: add \`delimiter ${JSON.stringify(c)}\` to the dataset block.`;
  }
  return width === 1 ? ` Is the delimiter ${JSON.stringify(delimiter)} right?` : "";
}
