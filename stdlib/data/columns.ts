/**
 * Typed columns: how a table lives in memory between the reader and the
 * model. Numbers are a Float64Array with NaN for missing; text is an
 * Int32Array of codes into a dictionary, -1 for missing. Nothing is boxed
 * per cell, so a table costs about what its data does (8 bytes per number,
 * 4 per category), and preparation runs over flat arrays.
 */
export type Cell = number | string | boolean | null | undefined;

export interface NumberColumn {
  kind: "number";
  /** Float32 where every value is exactly a float32 (whole numbers below 16.7 million, most money): half the memory, no value changed. */
  data: Float64Array | Float32Array;
}

/** Codes as narrow as the dictionary allows: a 5-category column costs one byte a row. */
export type Codes = Int8Array | Int16Array | Int32Array;

export interface TextColumn {
  kind: "text";
  /** Index into `dictionary`; -1 = missing. */
  codes: Codes;
  /** Distinct values in order of first appearance. */
  dictionary: string[];
}

export type Column = NumberColumn | TextColumn;

/** The texts pandas' read_csv reads as missing by default: people who come from pandas expect them to be. */
export const MISSING_TEXTS = new Set([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);

export const isMissingCell = (v: Cell): boolean =>
  v === null ||
  v === undefined ||
  (typeof v === "number" && !Number.isFinite(v)) ||
  (typeof v === "string" && MISSING_TEXTS.has(v.trim()));

/** A number as CSV readers write it: optional sign, digits, point, exponent (no thousands separators). */
export const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Longest value quoted in a message or note: a 10 MB field must not become a 10 MB notebook. */
export const MAX_SHOWN = 40;

/** A value for a message: its text, cut to MAX_SHOWN characters with the full length said. */
export function shown(v: unknown): string {
  const s = String(v);
  return s.length <= MAX_SHOWN ? s : `${s.slice(0, MAX_SHOWN)}… (${s.length} characters)`;
}

export const rowCount = (c: Column): number => (c.kind === "number" ? c.data.length : c.codes.length);

/** One cell as a plain value (numbers as numbers, text as text, missing as null). */
export function cellAt(c: Column, row: number): Cell {
  if (c.kind === "number") {
    const x = c.data[row];
    return Number.isNaN(x) ? null : x;
  }
  const k = c.codes[row];
  return k < 0 ? null : c.dictionary[k];
}

/** Every cell as a plain value: only for views that need them (the DataFrame, drift). */
export function boxed(c: Column): Cell[] {
  const n = rowCount(c);
  const out = new Array<Cell>(n);
  for (let i = 0; i < n; i++) out[i] = cellAt(c, i);
  return out;
}

/** A column from plain values: numbers if every present value is a number, else text. */
export function fromCells(values: Cell[]): Column {
  let allNumbers = true;
  for (const v of values) if (!isMissingCell(v) && typeof v !== "number") allNumbers = false;
  if (allNumbers) {
    const data = new Float64Array(values.length);
    values.forEach((v, i) => (data[i] = isMissingCell(v) ? NaN : +v!));
    return { kind: "number", data };
  }
  const builder = new TextBuilder(values.length);
  for (const v of values) builder.push(isMissingCell(v) ? null : String(v));
  return builder.finish();
}

/** out[i] = f(idx[i], i): a plain loop, as TypedArray.from with a map function goes through the slow iterator path. */
export function mapIndex<T extends Float64Array | Float32Array | Int32Array | Uint8Array>(
  out: T,
  idx: ArrayLike<number>,
  f: (v: number, i: number) => number,
): T {
  for (let i = 0; i < idx.length; i++) out[i] = f(idx[i], i);
  return out;
}

/** Text as codes, growing as rows arrive. */
export class TextBuilder {
  codes: Int32Array;
  n = 0;
  readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(capacity = 1024) {
    this.codes = new Int32Array(Math.max(16, capacity));
  }
  push(v: string | null): void {
    if (this.n === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    if (v === null) {
      this.codes[this.n++] = -1;
      return;
    }
    let k = this.index.get(v);
    if (k === undefined) {
      k = this.dictionary.length;
      this.index.set(v, k);
      this.dictionary.push(v);
    }
    this.codes[this.n++] = k;
  }
  finish(): TextColumn {
    return {
      kind: "text",
      codes: narrowCodes(this.codes.subarray(0, this.n), this.dictionary.length),
      dictionary: this.dictionary,
    };
  }
}

/**
 * Numbers, growing as rows arrive: held as Float32 while every value so far
 * is exactly a float32, widened to Float64 (once) at the first that is not,
 * so reading never holds twice the memory the column ends up with.
 */
export class NumberBuilder {
  data: Float32Array | Float64Array;
  n = 0;
  constructor(capacity = 1024) {
    this.data = new Float32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.n === this.data.length) this.grow(this.data.length * 2, this.data instanceof Float64Array);
    if (this.data instanceof Float32Array && Math.fround(x) !== x && x === x) this.grow(this.data.length, true);
    this.data[this.n++] = x;
  }
  private grow(size: number, wide: boolean): void {
    const grown = wide ? new Float64Array(size) : new Float32Array(size);
    grown.set(this.data.subarray(0, this.n));
    this.data = grown;
  }
  finish(): NumberColumn {
    // Sized from the file's bytes per line, the array is rarely more than 5% too long: keep it rather than
    // copy it (a copy would hold the column twice until the garbage collector runs).
    const fits = this.data.length <= this.n * 1.1;
    return { kind: "number", data: fits ? this.data.subarray(0, this.n) : this.data.slice(0, this.n) };
  }
}

/** Codes copied into the narrowest array that holds the dictionary's size (and -1). */
export function narrowCodes(codes: Codes, size: number): Codes {
  const out =
    size <= 127
      ? new Int8Array(codes.length)
      : size <= 32767
        ? new Int16Array(codes.length)
        : new Int32Array(codes.length);
  out.set(codes);
  return out;
}

/** Numbers as text (a column that turned out to hold words, or one declared a category). */
export function numbersAsText(c: NumberColumn): TextColumn {
  const builder = new TextBuilder(c.data.length);
  for (const x of c.data) builder.push(Number.isNaN(x) ? null : String(x));
  return builder.finish();
}

/** Rows of the dictionary that hold a number, for judging whether a text column is numbers with a few stray words. */
export function numericEntries(c: TextColumn): Uint8Array {
  return Uint8Array.from(c.dictionary, (s) => (NUMBER_TEXT.test(s.trim()) ? 1 : 0));
}
