/**
 * A CSV reader that streams bytes straight into typed columns: numbers are
 * parsed from the bytes (no string per number), text goes through a
 * dictionary, and the file is read in 8 MB pieces, so time and memory grow
 * linearly with rows. It is our own because it is the product: it reads
 * every field once, knows the line of every value, and turns each way a
 * file can be wrong into a message naming the line and the fix (see
 * docs/data-engine.md for the engines measured against it).
 */
import fs from "node:fs";
import { isUtf8 } from "node:buffer";
import { NeedlabError } from "../errors";
import { Codes, Column, MISSING_TEXTS, narrowCodes, NUMBER_TEXT, NumberBuilder, shown } from "./columns";
import { ByteDictionary, missingTest } from "./byte-dict";

export interface CsvReadOptions {
  delimiter?: string;
  /** Extra texts read as missing, for every column or per column. */
  missingValues?: string[];
  missingByColumn?: Record<string, string[]>;
  /** A thousands separator inside numbers ("45,500" with ","), and the decimal mark ("3,5" with ","). */
  thousands?: string;
  decimal?: string;
  /** Declared types: categories are read as text as they are written ("02134" stays "02134"). */
  types?: Record<string, string>;
  /** Called with the header's names (trimmed, then as written) before any row is read. */
  onHeader?: (columns: string[], raw: string[]) => void;
}

export interface CsvTable {
  columns: string[];
  data: Column[];
  rows: number;
  /** The line each row starts on (1 = header), for messages. */
  lineOf: (row: number) => number;
}

const CHUNK = 8 * 1024 * 1024;
const QUOTE = 0x22,
  LF = 0x0a,
  CR = 0x0d,
  SPACE = 0x20,
  TAB = 0x09;

/** Powers of ten an exact double holds: a mantissa below 2^53 divided by one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A number parsed from bytes, or NaN when the bytes are not a plain number
 * (the caller then looks at the text). Handles sign, point and exponent;
 * long mantissas and large exponents go through Number() for exact rounding.
 */
function parseNumberBytes(buf: Buffer, s: number, e: number): number {
  while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
  while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  if (s === e) return NaN;
  let i = s,
    negative = false;
  if (buf[i] === 0x2d || buf[i] === 0x2b) negative = buf[i++] === 0x2d;
  let mantissa = 0,
    digits = 0,
    fraction = 0,
    point = false;
  for (; i < e; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      if (point) fraction++;
    } else if (c === 0x2e && !point) point = true;
    else break;
  }
  if (digits === 0) return NaN;
  if (i === e && digits <= 15 && fraction < POW10.length) {
    const x = fraction ? mantissa / POW10[fraction] : mantissa;
    return negative ? -x : x;
  }
  const text = buf.toString("latin1", s, e);
  return NUMBER_TEXT.test(text) ? Number(text) : NaN;
}

const INFINITY_TEXT = /^[-+]?(inf|infinity)$/i;

/** How one column is being built: numbers until a word arrives, then text. */
interface ColumnState {
  name: string;
  numbers?: NumberBuilder;
  text?: CodeBuilder;
  declared?: string;
  missing?: Set<string>;
  /** Row of the first infinite value, -1 if none, and how it was written. */
  infiniteRow: number;
  infiniteText?: string;
}

/**
 * Text as codes from a byte dictionary, growing as rows arrive. Codes start
 * one byte wide and widen (16, then 32 bits) only when the dictionary
 * outgrows them, so a category column never holds 4 bytes a row in memory.
 */
class CodeBuilder {
  codes: Codes;
  n = 0;
  constructor(
    capacity: number,
    readonly dict: ByteDictionary,
  ) {
    this.codes = new Int8Array(Math.max(16, capacity));
  }
  push(code: number): void {
    if (this.n === this.codes.length || code > this.limit()) {
      const wide =
        code > 32767 || this.codes instanceof Int32Array
          ? Int32Array
          : code > 127 || this.codes instanceof Int16Array
            ? Int16Array
            : Int8Array;
      const grown = new wide(this.n === this.codes.length ? this.codes.length * 2 : this.codes.length);
      grown.set(this.codes.subarray(0, this.n));
      this.codes = grown;
    }
    this.codes[this.n++] = code;
  }
  private limit(): number {
    return this.codes instanceof Int8Array ? 127 : this.codes instanceof Int16Array ? 32767 : 2 ** 31 - 1;
  }
  finish(): Column {
    return {
      kind: "text",
      codes: narrowCodes(this.codes.subarray(0, this.n), this.dict.size),
      dictionary: this.dict.dictionary(),
    };
  }
}

/** Splits raw bytes into records and fields; calls `onRecord` with field offsets for each complete record. */
class RecordScanner {
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

function fieldText(buf: Buffer, s: number, e: number, quoted: number): string {
  const t = buf.toString("utf8", s, e);
  return quoted === 2 ? t.replace(/""/g, '"') : t;
}

/** Reads a CSV file (UTF-8 bytes, BOM already checked) into typed columns. */
export function readCsvColumns(file: string, shownName: string, options: CsvReadOptions, bytes?: Buffer): CsvTable {
  const delimiter = options.delimiter ?? ",";
  if (Buffer.byteLength(delimiter) !== 1)
    throw new NeedlabError(`the delimiter ${JSON.stringify(delimiter)} must be a single character, e.g. ";".`);
  const scanner = new RecordScanner(delimiter.charCodeAt(0));
  let header: string[] | undefined;
  let states: ColumnState[] = [];
  let rows = 0;
  const lines = new LineIndex();
  const extraMissing = new Set(options.missingValues ?? []);
  const thousands = options.thousands,
    decimal = options.decimal;
  const fd = bytes ? -1 : fs.openSync(file, "r");
  const size = bytes ? bytes.length : fs.fstatSync(fd).size;
  let capacity = 1024;

  const onRecord = (buf: Buffer, line: number) => {
    if (!header) {
      const raw = Array.from({ length: scanner.count }, (_, k) =>
        fieldText(buf, scanner.starts[k], scanner.ends[k], scanner.quoted[k]),
      );
      header = raw.map((c) => c.trim());
      options.onHeader?.(header, raw);
      states = header.map((name) => {
        const declared = options.types?.[name];
        const missing = new Set([...extraMissing, ...(options.missingByColumn?.[name] ?? [])]);
        return {
          name,
          declared,
          missing: missing.size ? missing : undefined,
          infiniteRow: -1,
          ...(declared === "category" || declared === "date"
            ? { text: new CodeBuilder(capacity, new ByteDictionary(missingTest(missing))) }
            : { numbers: new NumberBuilder(capacity) }),
        };
      });
      return;
    }
    if (scanner.count !== header.length) {
      throw new NeedlabError(
        `cannot parse ${shownName}${delimiter === "," ? " as CSV" : ""}: line ${line} has ${scanner.count} field${scanner.count === 1 ? "" : "s"}, the header has ${header.length}.${delimiterHint(buf, header.length, delimiter) || (delimiter === "," ? " Check that it is comma-separated with a header row." : "")}`,
      );
    }
    lines.add(rows, line);
    for (let j = 0; j < states.length; j++) readField(states[j], buf, j, line);
    rows++;
  };

  const readField = (st: ColumnState, buf: Buffer, j: number, line: number) => {
    const s = scanner.starts[j],
      e = scanner.ends[j],
      q = scanner.quoted[j];
    if (st.numbers) {
      const x = q === 2 ? NaN : parseNumberBytes(buf, s, e);
      if (!Number.isNaN(x)) {
        if ((x === Infinity || x === -Infinity) && st.infiniteRow < 0)
          ((st.infiniteRow = rows), (st.infiniteText = buf.toString("utf8", s, e).trim()));
        st.numbers.push(x);
        return;
      }
      const raw = fieldText(buf, s, e, q);
      const t = raw.trim();
      if (MISSING_TEXTS.has(t) || st.missing?.has(t)) return st.numbers.push(NaN);
      const special = parseSpecialNumber(t, thousands, decimal);
      if (special !== undefined) {
        if (!Number.isFinite(special) && st.infiniteRow < 0) ((st.infiniteRow = rows), (st.infiniteText = t));
        return st.numbers.push(special);
      }
      if (st.declared === "number")
        throw new NeedlabError(
          `column '${st.name}' is declared a number (\`types ${st.name}: number\`), but line ${line} of ${shownName} has '${shown(raw)}'. Fix the value or declare it a category.`,
        );
      // A word in a column of numbers: from here on it is text (the numbers so far as they print).
      const text = new CodeBuilder(capacity, new ByteDictionary(missingTest(st.missing)));
      const before = st.numbers.data.subarray(0, st.numbers.n);
      for (const x of before) text.push(Number.isNaN(x) ? -1 : text.dict.codeOfText(String(x)));
      st.numbers = undefined;
      st.text = text;
    }
    const t = st.text!;
    t.push(q === 2 ? t.dict.codeOfText(fieldText(buf, s, e, q)) : t.dict.code(buf, s, e));
  };

  try {
    let carry: Buffer | undefined;
    let offset = 0;
    for (;;) {
      let piece: Buffer;
      if (bytes) {
        piece = offset === 0 ? bytes : Buffer.alloc(0);
        offset = bytes.length;
      } else {
        piece = Buffer.allocUnsafe(CHUNK);
        const got = fs.readSync(fd, piece, 0, CHUNK, offset);
        piece = piece.subarray(0, got);
        offset += got;
      }
      const final = offset >= size;
      let buf = carry?.length ? Buffer.concat([carry, piece]) : piece;
      if (!header && !carry && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3); // UTF-8 BOM
      checkUtf8(buf, final, shownName, scanner.line);
      if (rows === 0 && header === undefined && buf.length > 0) {
        // Rows expected from the first piece's bytes per line: columns are sized once, not doubled 20 times.
        const newlines = countNewlines(buf);
        capacity = Math.ceil((size / Math.max(1, buf.length)) * Math.max(1, newlines) * 1.05) + 16;
      }
      const used = scanner.scan(buf, 0, final, (line) => onRecord(buf, line));
      carry = used < buf.length ? buf.subarray(used) : undefined;
      if (final) break;
    }
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  if (!header) throw new NeedlabError(`${shownName} has no header row.`);
  const data = states.map((st): Column => {
    if (st.numbers && st.infiniteRow >= 0)
      throw new NeedlabError(
        `column '${st.name}' of ${shownName} has an infinite value on line ${lines.lineOf(st.infiniteRow)} ('${shown(st.infiniteText)}'): a model cannot learn from it. Blank it (blanks are imputed) or cap it at a finite number.`,
      );
    return st.numbers ? st.numbers.finish() : st.text!.finish();
  });
  return { columns: header, data, rows, lineOf: (row) => lines.lineOf(row) };
}

/** Numbers with a declared thousands separator or decimal mark, and infinities (refused later, with their line). */
function parseSpecialNumber(t: string, thousands?: string, decimal?: string): number | undefined {
  if (INFINITY_TEXT.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (!thousands && !decimal) return undefined;
  let s = t;
  if (thousands) {
    // Groups of exactly three digits after the first: "1,234,567", not "12,34".
    const esc = thousands.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const dec = (decimal ?? ".").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`^[-+]?\\d{1,3}(${esc}\\d{3})+(${dec}\\d*)?$`).test(s)) s = s.split(thousands).join("");
  }
  if (decimal && decimal !== ".") s = s.replace(decimal, ".");
  return NUMBER_TEXT.test(s) ? Number(s) : undefined;
}

/**
 * The line each row starts on, stored only where it jumps (a blank line, a
 * quoted field over several lines): a plain file costs nothing per row.
 */
class LineIndex {
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

function countNewlines(buf: Buffer): number {
  let n = 0,
    i = -1;
  while ((i = buf.indexOf(LF, i + 1)) >= 0) n++;
  if (n === 0) while ((i = buf.indexOf(CR, i + 1)) >= 0) n++;
  return n;
}

/** Refuses bytes that are not UTF-8, naming the line and the encoding to declare. */
function checkUtf8(buf: Buffer, final: boolean, shownName: string, lineBefore: number): void {
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
function delimiterHint(buf: Buffer, width: number, delimiter: string): string {
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
