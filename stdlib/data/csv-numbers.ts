/**
 * Numbers parsed straight from a CSV field's bytes (no string made), and the
 * forms that need their text: declared thousands separators and decimal
 * marks, and infinities (read, then refused with their line).
 */
import { NUMBER_TEXT } from "./columns";

const SPACE = 0x20,
  TAB = 0x09;

/** Powers of ten an exact double holds: a mantissa below 2^53 divided by one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A number parsed from bytes, or NaN when the bytes are not a plain number
 * (the caller then looks at the text). Handles sign, point and exponent;
 * long mantissas and large exponents go through Number() for exact rounding.
 */
export function parseNumberBytes(buf: Buffer, s: number, e: number): number {
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

export const INFINITY_TEXT = /^[-+]?(inf|infinity)$/i;

/** Numbers with a declared thousands separator or decimal mark, and infinities (refused later, with their line). */
export function parseSpecialNumber(t: string, thousands?: string, decimal?: string): number | undefined {
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
