/**
 * A dictionary keyed by raw bytes: a text field is looked up by its bytes
 * in the read buffer, and a JavaScript string is made only the first time
 * a value is seen. A million rows of a five-category column then cost a
 * million hash probes and five strings, not a million strings and a
 * million string hashes (the reader's largest cost before).
 */
import { MISSING_TEXTS } from "./columns";

export class ByteDictionary {
  /** Values in order of first appearance. */
  readonly values: string[] = [];
  /** Per value: its code (-1 when the value is a missing marker). */
  private codeOf = new Int32Array(64);
  private slots = new Int32Array(256).fill(-1);
  private hashes = new Int32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private pool = new Uint8Array(4096);
  private poolUsed = 0;
  /** Distinct present values so far (codes are 0..size-1). */
  size = 0;

  constructor(private readonly missing: (text: string) => boolean) {}

  /** The code of bytes s..e of buf: -1 when they are a missing marker. */
  code(buf: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry < 0) return this.insert(slot, h, buf, s, e);
      if (this.hashes[entry] === h && this.lengths[entry] === len) {
        const start = this.starts[entry];
        let same = true;
        for (let k = 0; k < len; k++)
          if (this.pool[start + k] !== buf[s + k]) {
            same = false;
            break;
          }
        if (same) return this.codeOf[entry];
      }
    }
  }

  /** The code of a string (for values that are not bytes in a buffer: unescaped quotes, numbers turned text). */
  codeOfText(text: string): number {
    const bytes = Buffer.from(text);
    return this.code(bytes, 0, bytes.length);
  }

  private insert(slot: number, h: number, buf: Uint8Array, s: number, e: number): number {
    const entry = this.values.length;
    const text = Buffer.isBuffer(buf)
      ? buf.toString("utf8", s, e)
      : Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString("utf8");
    if (entry === this.hashes.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.codeOf = grow(this.codeOf);
    }
    const len = e - s;
    while (this.poolUsed + len > this.pool.length) {
      const b = new Uint8Array(this.pool.length * 2);
      b.set(this.pool.subarray(0, this.poolUsed));
      this.pool = b;
    }
    for (let k = 0; k < len; k++) this.pool[this.poolUsed + k] = buf[s + k];
    this.starts[entry] = this.poolUsed;
    this.lengths[entry] = len;
    this.hashes[entry] = h;
    this.poolUsed += len;
    const isMissing = this.missing(text);
    this.codeOf[entry] = isMissing ? -1 : this.size++;
    this.values.push(text);
    this.slots[slot] = entry;
    if (this.values.length * 2 > this.slots.length) this.rehash();
    return this.codeOf[entry];
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.values.length; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }

  /** The present values, by code. */
  dictionary(): string[] {
    const out = new Array<string>(this.size);
    this.values.forEach((v, entry) => {
      const c = this.codeOf[entry];
      if (c >= 0) out[c] = v;
    });
    return out;
  }
}

/** Missing markers: pandas' texts (trimmed) plus the declared ones. */
export const missingTest =
  (declared?: Set<string>) =>
  (text: string): boolean => {
    const t = text.trim();
    return MISSING_TEXTS.has(t) || (declared?.has(t) ?? false);
  };
