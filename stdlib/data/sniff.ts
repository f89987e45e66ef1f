/**
 * What a file really is, judged from its first bytes before it is parsed:
 * compressed or binary files, UTF-16, JSON given as CSV and Parquet each get
 * a message naming the file and the fix instead of a parse of raw bytes.
 */
import zlib from "node:zlib";
import { NeedlabError } from "../errors";

export type SniffedKind = { kind: "text"; bytes?: Buffer; bomLength: number } | { kind: "gzip" } | { kind: "parquet" };

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/**
 * Judges a file from its first bytes. Returns how to read it: as text (with
 * the bytes already converted to UTF-8 where the file declares UTF-16 by a
 * BOM or the dataset declares another encoding), gzip or Parquet. Refuses
 * what cannot be read, naming the fix.
 */
export function sniff(
  head: Buffer,
  shownName: string,
  format: string,
  encoding: string | undefined,
  readAll: () => Buffer,
): SniffedKind {
  if (startsWith(head, [0x1f, 0x8b])) {
    if (/\.gz$/i.test(shownName)) return { kind: "gzip" };
    throw new NeedlabError(
      `${shownName} looks like a gzip file (compressed): unpack it (\`gunzip -c ${shownName} > data.csv\`) or name it .csv.gz, which needlab unpacks as it reads.`,
    );
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
    throw new NeedlabError(
      `${shownName} is a zip archive (an Excel .xlsx workbook is one): unzip it, or export the sheet as CSV (File › Save As › CSV UTF-8).`,
    );
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) {
    if (format === "csv" || format === "jsonl" || format === "parquet") return { kind: "parquet" };
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    const label = head[0] === 0xff ? "utf-16le" : "utf-16be";
    return { kind: "text", bytes: Buffer.from(new TextDecoder(label).decode(readAll().subarray(2))), bomLength: 0 };
  }
  const declared = encoding && !/^utf-?8$/i.test(encoding) ? encoding : undefined;
  if (declared) {
    let text: string;
    try {
      text = new TextDecoder(declared, { fatal: true }).decode(readAll());
    } catch {
      throw new NeedlabError(
        `${shownName} is not valid ${declared} text: some bytes have no meaning in that encoding. Check the \`encoding\` setting (utf-8, latin1, windows-1252, utf-16le are common).`,
      );
    }
    return { kind: "text", bytes: Buffer.from(text.replace(/^\uFEFF/, "")), bomLength: 0 };
  }
  const sample = head.subarray(0, 4096);
  const zeros = sample.filter((b) => b === 0).length;
  // Control bytes other than tab and line ends: text has almost none (one stray NUL is named by the reader, with its line).
  const controls = sample.filter((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d).length;
  if (zeros > 0 && controls > Math.max(1, 0.01 * sample.length)) {
    const oddZeros = head.subarray(0, 4096).filter((b, i) => i % 2 === 1 && b === 0).length;
    if (oddZeros > 0.8 * zeros && zeros > 0.3 * Math.min(head.length, 4096))
      throw new NeedlabError(
        `${shownName} looks like UTF-16 text without a byte-order mark: declare \`encoding "utf-16le"\` in the dataset block, or save it as UTF-8.`,
      );
    throw new NeedlabError(
      `${shownName} is a binary file, not text (it holds zero bytes from the start): point \`source\` at a CSV, JSON-lines or Parquet file.`,
    );
  }
  const bomLength = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const first = head.subarray(bomLength).toString("utf8").trimStart()[0];
  if (format === "csv" && (first === "[" || first === "{"))
    throw new NeedlabError(
      first === "["
        ? `${shownName} looks like a JSON array, not CSV: needlab reads JSON lines (one object per line). Convert it (\`jq -c '.[]' in.json > data.jsonl\`) and name it .jsonl.`
        : `${shownName} looks like JSON lines, not CSV: name it .jsonl or add \`format jsonl\` to the dataset block.`,
    );
  return { kind: "text", bomLength };
}

/** A .csv.gz file's bytes, unpacked. */
export function gunzip(bytes: Buffer, shownName: string): Buffer {
  try {
    return zlib.gunzipSync(bytes);
  } catch (e) {
    throw new NeedlabError(`${shownName} is not a complete gzip file (${(e as Error).message}): download it again.`);
  }
}
