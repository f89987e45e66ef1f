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
import { NeedlabError } from "../errors";
import { Codes, Column, MISSING_TEXTS, narrowCodes, NumberBuilder, shown } from "./columns";
import { ByteDictionary, missingTest } from "./byte-dict";
import { parseNumberBytes, parseSpecialNumber } from "./csv-numbers";
import { checkUtf8, countNewlines, delimiterHint, fieldText, LineIndex, RecordScanner } from "./csv-scan";

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
    const narrow =
      this.dict.size <= 127
        ? this.codes instanceof Int8Array
        : this.dict.size <= 32767
          ? this.codes instanceof Int16Array
          : true;
    return {
      kind: "text",
      codes:
        narrow && this.codes.length <= this.n * 1.1
          ? this.codes.subarray(0, this.n)
          : narrowCodes(this.codes.subarray(0, this.n), this.dict.size),
      dictionary: this.dict.dictionary(),
    };
  }
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
