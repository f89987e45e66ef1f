/**
 * A corpus of broken and unusual files, generated here: each is either read
 * correctly (the values checked) or refused with the exact message, which
 * names the file, line or column and the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { FileOptions, loadCsv, readHeader } from "../../stdlib/data/load";
import { prepare } from "../../stdlib/data/prepare";
import { datasetSpec, type DatasetSpec } from "../../plan/plan";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-corpus-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
};
const read = async (name: string, content: string | Buffer, options: FileOptions = {}) =>
  (await loadCsv(write(name, content), dir, options)).table;
const refusal = async (name: string, content: string | Buffer, options: FileOptions = {}) => {
  try {
    await loadCsv(write(name, content), dir, options);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${name} was read without complaint`);
};
/** 12 rows of x (numbers), g (two categories) and y (the target), then `extra` columns. */
const rows = (extra: (i: number) => string, header = "x,g,y,extra") =>
  [
    header,
    ...Array.from({ length: 12 }, (_, i) => `${i},${i % 2 ? "a" : "b"},${i % 3 ? "no" : "yes"},${extra(i)}`),
  ].join("\n") + "\n";
const spec = (over: Partial<DatasetSpec> = {}): DatasetSpec =>
  datasetSpec({ name: "d", source: "f.csv", target: "y", positive: "yes", stratify: true, seed: 1, ...over });

describe("files that are not what they claim", () => {
  it("a missing file says where it looked", async () => {
    await expect(loadCsv("nope.csv", dir)).rejects.toThrow(
      `cannot find nope.csv (looked for ${path.join(dir, "nope.csv")}). Relative paths are read from the notebook's folder (${dir}); fix the \`source\` path.`,
    );
  });

  it("an empty file and a header without rows", async () => {
    expect(await refusal("empty.csv", "")).toBe("empty.csv is empty: it needs a header row and data rows.");
    expect(await refusal("header.csv", "a,b\n")).toBe("header.csv has a header but no data rows.");
  });

  it("gzip named .csv is refused with the fix; .csv.gz is unpacked and read", async () => {
    const gz = zlib.gzipSync("a,b\n1,x\n2,y\n");
    expect(await refusal("packed.csv", gz)).toBe(
      "packed.csv looks like a gzip file (compressed): unpack it (`gunzip -c packed.csv > data.csv`) or name it .csv.gz, which needlab unpacks as it reads.",
    );
    const t = await read("packed.csv.gz", gz);
    expect(t.columns).toEqual(["a", "b"]);
    expect(t.values).toEqual([
      [1, 2],
      ["x", "y"],
    ]);
  });

  it("a zip archive (an .xlsx workbook) is refused", async () => {
    expect(await refusal("book.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))).toBe(
      "book.csv is a zip archive (an Excel .xlsx workbook is one): unzip it, or export the sheet as CSV (File › Save As › CSV UTF-8).",
    );
  });

  it("binary bytes are refused, not parsed", async () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    expect(await refusal("blob.csv", bytes)).toBe(
      "blob.csv is a binary file, not text (it holds zero bytes from the start): point `source` at a CSV, JSON-lines or Parquet file.",
    );
  });

  it("UTF-16 with a byte-order mark is read; without one it is refused with the encoding to declare", async () => {
    const text = "name,town\nJosé,Köln\nZoë,Łódź\n";
    const t = await read("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(t.values).toEqual([
      ["José", "Zoë"],
      ["Köln", "Łódź"],
    ]);
    expect(await refusal("utf16-nobom.csv", Buffer.from(text, "utf16le"))).toBe(
      'utf16-nobom.csv looks like UTF-16 text without a byte-order mark: declare `encoding "utf-16le"` in the dataset block, or save it as UTF-8.',
    );
    const declared = await read("utf16-declared.csv", Buffer.from(text, "utf16le"), { encoding: "utf-16le" });
    expect(declared.values[1]).toEqual(["Köln", "Łódź"]);
  });

  it("a UTF-8 byte-order mark is not part of the first column's name", async () => {
    const t = await read("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("id,v\n1,2\n")]));
    expect(t.columns).toEqual(["id", "v"]);
  });

  it("latin-1 bytes in a UTF-8 file name the line and the encoding to declare; declared, they read right", async () => {
    const bytes = Buffer.from("name,age\nAnna,30\nJos\xe9,41\n", "latin1");
    expect(await refusal("latin.csv", bytes)).toBe(
      'line 3 of latin.csv is not valid UTF-8 (byte 0xE9 at column 4): the file is in another encoding. Declare it, e.g. `encoding "latin1"` (Western European) or `encoding "windows-1252"`, or save the file as UTF-8.',
    );
    expect((await read("latin.csv", bytes, { encoding: "latin1" })).values[0]).toEqual(["Anna", "José"]);
  });

  it("bytes that are not valid in the declared encoding are refused", async () => {
    expect(await refusal("bad-utf16.csv", Buffer.from([0x61, 0x00, 0x00, 0xd8]), { encoding: "utf-16le" })).toBe(
      "bad-utf16.csv is not valid utf-16le text: some bytes have no meaning in that encoding. Check the `encoding` setting (utf-8, latin1, windows-1252, utf-16le are common).",
    );
  });

  it("JSON given as CSV says how to read it", async () => {
    expect(await refusal("array.csv", '[{"a": 1}, {"a": 2}]')).toBe(
      "array.csv looks like a JSON array, not CSV: needlab reads JSON lines (one object per line). Convert it (`jq -c '.[]' in.json > data.jsonl`) and name it .jsonl.",
    );
    expect(await refusal("lines.csv", '{"a": 1}\n{"a": 2}\n')).toBe(
      "lines.csv looks like JSON lines, not CSV: name it .jsonl or add `format jsonl` to the dataset block.",
    );
  });

  it("a NUL byte inside a file names its line", async () => {
    expect(await refusal("nul.csv", "a,b\n1,2\n3,\x004\n")).toBe(
      "line 3 of nul.csv holds a NUL byte (a zero byte, column 3): text files have none, so the file is damaged or not text. Remove those bytes (e.g. `tr -d '\\000'`) or export the data again.",
    );
  });
});

describe("delimiters, quotes and line ends", () => {
  it("a semicolon or tab file read as commas names the delimiter that fits", async () => {
    expect(await refusal("semi.csv", "a;b;c\n1;2;3\n")).toBe(
      "semi.csv reads as one column named 'a;b;c': it looks ';'-separated. Add `delimiter \";\"` to the dataset block.",
    );
    expect(await refusal("tabs.csv", "a\tb\tc\n1\t2\t3\n")).toBe(
      "tabs.csv reads as one column named 'a\tb\tc': it looks tab-separated. Add `delimiter \"\\t\"` to the dataset block.",
    );
  });

  it("a ragged line is named, with the delimiter that would fit", async () => {
    expect(await refusal("ragged.csv", "a,b,c\n1,2,3\n4,5\n")).toBe(
      "cannot parse ragged.csv as CSV: line 3 has 2 fields, the header has 3. Check that it is comma-separated with a header row.",
    );
    expect(await refusal("semi-commas.csv", "a;b,c;d\n1;2,5;3\n4;5;6\n")).toBe(
      "cannot parse semi-commas.csv as CSV: line 3 has 1 field, the header has 2. It looks ';'-separated: add `delimiter \";\"` to the dataset block.",
    );
  });

  it("CRLF and old-Mac CR-only line ends both read as rows", async () => {
    expect((await read("crlf.csv", "a,b\r\n1,x\r\n2,y\r\n")).values).toEqual([
      [1, 2],
      ["x", "y"],
    ]);
    expect((await read("cr.csv", "a,b\r1,x\r2,y\r")).values).toEqual([
      [1, 2],
      ["x", "y"],
    ]);
  });

  it("quoted fields keep delimiters, newlines and doubled quotes; lines after them keep their numbers", async () => {
    const t = await read("quotes.csv", 'a,b\n1,"x, ""quoted""\nover two lines"\n2,plain\n3,4,5\n').catch(
      (e: Error) => e.message,
    );
    expect(t).toBe(
      "cannot parse quotes.csv as CSV: line 5 has 3 fields, the header has 2. Check that it is comma-separated with a header row.",
    );
    const ok = await read("quotes-ok.csv", 'a,b\n1,"x, ""quoted""\nover two lines"\n2,plain\n');
    expect(ok.values[1]).toEqual(['x, "quoted"\nover two lines', "plain"]);
  });

  it("an unclosed quote and text after a closing quote are named", async () => {
    expect(await refusal("open.csv", 'a,b\n1,"never closed\n2,3\n')).toBe(
      'line 2 opens a quoted field that is never closed: add the closing quote (") or remove the stray one.',
    );
    expect(await refusal("after.csv", 'a,b\n1,"x"y\n')).toBe(
      'line 2 has text after a closing quote (y): quote the whole field, writing a quote inside it as "".',
    );
  });

  it("blank lines are skipped", async () => {
    expect((await read("blank-lines.csv", "a,b\n\n1,x\n\n2,y\n\n")).values[0]).toEqual([1, 2]);
  });
});

describe("column names", () => {
  it("two different columns with one name are refused, naming both", async () => {
    expect(await refusal("dup.csv", "income,age,income\n1,2,3\n")).toBe(
      "dup.csv has two columns named 'income' (columns 1 and 3) with different values (first on line 2): rename one in the file.",
    );
  });

  it("an identical copy of a column is read once, and the summary says so", async () => {
    const t = await read("copy.csv", "a,b,a\n1,x,1\n2,y,2\n");
    expect(t.columns).toEqual(["a", "b"]);
    expect(t.notes).toEqual([
      "copy.csv has two columns named 'a' (columns 1 and 3) holding the same values: it is read once.",
    ]);
  });

  it("names equal but for spaces are refused, quoting both as written", async () => {
    expect(await refusal("spaces.csv", "age, age ,y\n1,2,3\n")).toBe(
      "spaces.csv has two columns named 'age' once spaces are ignored: 'age' (column 1) and ' age ' (column 2). Rename one in the file.",
    );
  });

  it("a column without a name is refused with its position", async () => {
    expect(await refusal("noname.csv", "a,,c\n1,2,3\n")).toBe(
      "column 2 of noname.csv has no name in the header: name it in the file (or remove the column).",
    );
  });

  it("columns named __proto__ and constructor are ordinary columns, in the table and the DataFrame", async () => {
    const { table, frame } = await loadCsv(write("proto.csv", "__proto__,constructor,y\n1,a,p\n2,b,n\n"), dir);
    expect(table.columns).toEqual(["__proto__", "constructor", "y"]);
    expect(frame.columns).toEqual(["__proto__", "constructor", "y"]);
    expect(frame.values).toEqual([
      [1, "a", "p"],
      [2, "b", "n"],
    ]);
  });

  it("a header longer than 64 KB is read whole by the checker", () => {
    const names = Array.from({ length: 3000 }, (_, i) => `a_rather_long_column_name_${i}`);
    write("wide.csv", `${names.join(",")}\n${names.map((_, i) => i).join(",")}\n`);
    const header = readHeader("wide.csv", dir);
    expect("columns" in header && header.columns.length).toBe(3000);
    expect("columns" in header && header.columns[2999]).toBe("a_rather_long_column_name_2999");
  });
});

describe("values", () => {
  it("infinite values are refused with their line, however written", async () => {
    for (const inf of ["inf", "-Infinity", "1e309"])
      expect(await refusal("inf.csv", `income,y\n1,a\n${inf},b\n`)).toBe(
        `column 'income' of inf.csv has an infinite value on line 3 ('${inf}'): a model cannot learn from it. Blank it (blanks are imputed) or cap it at a finite number.`,
      );
  });

  it("thousands separators: refused with the setting to add; read as numbers once declared", async () => {
    const text = rows((i) => `"${i + 1},${String(100 + i).padStart(3, "0")}"`, "x,g,y,income");
    const t = await read("thousands.csv", text);
    expect(() => prepare(t, spec())).toThrow(
      "column 'income' in thousands.csv holds numbers written with a thousands separator (such as '1,100'): declare it with `thousands \",\"` in the dataset block so they are read as numbers.",
    );
    const declared = await read("thousands.csv", text, { thousands: "," });
    expect(declared.values[3].slice(0, 3)).toEqual([1100, 2101, 3102]);
  });

  it("decimal commas with a semicolon delimiter", async () => {
    const t = await read("decimal.csv", "a;b\n3,5;x\n-0,25;y\n", { delimiter: ";", decimal: "," });
    expect(t.values[0]).toEqual([3.5, -0.25]);
  });

  it("'?' as a missing marker: refused with the setting to add, then read as missing", async () => {
    const text = rows((i) => (i === 4 ? "?" : String(10 * i)), "x,g,y,income");
    const t = await read("marker.csv", text);
    expect(() => prepare(t, spec())).toThrow(
      "column 'income' in marker.csv holds numbers, but line 6 has '?'. Fix or blank those values (blanks are imputed), declare it a missing value (`missing_values \"?\"`), or add 'income' to `drop`.",
    );
    const declared = await read("marker.csv", text, { missingValues: ["?"] });
    expect(declared.values[3][4]).toBeNull();
    expect(declared.values[3][5]).toBe(50);
    const perColumn = await read("marker.csv", text, { missingByColumn: { income: ["?"] } });
    expect(perColumn.values[3][4]).toBeNull();
  });

  it("pandas' missing texts are missing in numbers and categories", async () => {
    const t = await read("na.csv", "a,b\nNA,x\n2,NULL\nnan,n/a\n");
    expect(t.values).toEqual([
      [null, 2, null],
      ["x", null, null],
    ]);
  });

  it("a declared category keeps leading zeros as written", async () => {
    const t = await read("zips.csv", "zip,n\n02134,1\n10001,2\n", { types: { zip: "category" } });
    expect(t.values[0]).toEqual(["02134", "10001"]);
  });

  it("a declared number that is not one names its line", async () => {
    expect(await refusal("typed.csv", "n,m\n1,2\nx,3\n", { types: { n: "number" } })).toBe(
      "column 'n' is declared a number (`types n: number`), but line 3 of typed.csv has 'x'. Fix the value or declare it a category.",
    );
  });

  it("a 10 MB field is cut short in messages", async () => {
    const huge = "z".repeat(10 * 1024 * 1024);
    const text = rows((i) => (i === 3 ? huge : String(i)), "x,g,y,income");
    const t = await read("huge-field.csv", text);
    let message = "";
    try {
      prepare(t, spec());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("line 5 has 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz… (10485760 characters)'");
    expect(message.length).toBeLessThan(400);
  });

  it("ISO dates become year, month and weekday, never one category per day", async () => {
    const text = rows((i) => `2024-03-${String(i + 1).padStart(2, "0")}`, "x,g,y,day");
    const p = prepare(await read("dates.csv", text), spec({ scale: { default: "none", columns: {} } }));
    expect(p.featureNames).toEqual(["x", "g=a", "g=b", "day_year", "day_month", "day_weekday"]);
    const row = p.train.rows.indexOf(0); // 2024-03-01 was a Friday
    expect(row).toBeGreaterThanOrEqual(0);
    expect(Array.from(p.train.x.subarray(row * 6 + 3, row * 6 + 6))).toEqual([2024, 3, 5]);
    expect(p.notes).toContain(
      "Column 'day' holds dates: it is used as day_year, day_month, day_weekday (numbers), not as one category per day.",
    );
  });

  it("a declared date that is not one names its line", async () => {
    const text = rows((i) => (i === 2 ? "soon" : `2024-03-0${(i % 9) + 1}`), "x,g,y,day");
    const t = await read("bad-date.csv", text);
    expect(() => prepare(t, spec({ types: { day: "date" } }))).toThrow(
      "column 'day' is declared a date (`types day: date`), but line 4 of bad-date.csv has 'soon': write dates as YYYY-MM-DD (ISO 8601), or declare the column a category.",
    );
  });

  it("every identifier-like column is named at once", async () => {
    const header = "x,y,id,code";
    const lines = Array.from({ length: 200 }, (_, i) => `${i % 7},${i % 3 ? "no" : "yes"},P${i},C${i * 7}`);
    const t = await read("ids.csv", [header, ...lines].join("\n"));
    expect(() => prepare(t, spec({ split: { train: 0.8, validation: 0, test: 0.2 } }))).toThrow(
      "column 'id' in ids.csv has 160 different values in 160 training rows, like an identifier or free text, and so does 'code' (160): one-hot encoding them would add 320 features and teach the model nothing. Add them to `drop` (`drop id, code`), or encode them by frequency.",
    );
  });
});
