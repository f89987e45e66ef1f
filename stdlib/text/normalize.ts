/**
 * How a message is normalised before it is cut into tokens. The defaults are
 * scikit-learn's (`lowercase=True`, nothing else), so that a vocabulary fitted
 * here equals `TfidfVectorizer`'s; each further step is opt-in:
 *
 *   1. Unicode NFKC (`unicode: "nfkc"`): compatibility forms fold into one
 *      ("ﬁ" → "fi", full-width "ＡＢＣ" → "ABC", "①" → "1", no-break space →
 *      space), so the same word typed on two keyboards is one token. NFC or
 *      accent stripping would keep the full-width forms apart; NFKC is what
 *      Python's `unicodedata.normalize("NFKC", …)` does, so it can be checked.
 *   2. Placeholders (`placeholders`): each URL, e-mail address, ticker
 *      (`$AAPL`) and number is replaced by one word (`xxurl`, `xxemail`,
 *      `xxticker`, `xxnum`), so that "£120" and "£75" are the same evidence, an
 *      address never becomes a feature (nor a vocabulary entry that could leak
 *      a personal value into an export), and a new ticker is not out of
 *      vocabulary. URLs and e-mails are replaced before numbers, which they
 *      may contain. The `xx` prefix (fastai's convention) keeps placeholders
 *      apart from real words, and they are plain `\w` runs so every analyzer
 *      keeps them whole.
 *   3. Lower case (`lowercase`, on by default), last, so that placeholders
 *      match tickers in either case.
 */

export type Placeholder = "url" | "email" | "ticker" | "number";
export const PLACEHOLDERS: readonly Placeholder[] = ["url", "email", "ticker", "number"];

export interface NormalizeOptions {
  lowercase: boolean;
  unicode: "none" | "nfkc";
  placeholders: Placeholder[];
}

export const DEFAULT_NORMALIZE: NormalizeOptions = { lowercase: true, unicode: "none", placeholders: [] };

/** The word each placeholder becomes. */
export const PLACEHOLDER_WORD: Record<Placeholder, string> = {
  url: "xxurl",
  email: "xxemail",
  ticker: "xxticker",
  number: "xxnum",
};

// Why these patterns: http(s)/www links up to the next space; a plain e-mail
// address; a `$` cashtag of 1–6 letters (optionally `.X` class suffix, as
// in `$BRK.B`) not followed by a letter or digit; a number with optional
// thousands separators and decimals (12, 1,200.50, 10.5%: the % stays).
const PATTERNS: Record<Placeholder, RegExp> = {
  url: /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu,
  email: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu,
  ticker: /\$[A-Za-z]{1,6}(?:\.[A-Za-z])?(?![\p{L}\p{N}])/gu,
  number: /(?<![\p{L}\p{N}_])\p{Nd}+(?:[.,]\p{Nd}+)*/gu,
};

/** The text as the analyzers see it. Pure: the same text and options give the same string. */
export function normalizeText(text: string, o: NormalizeOptions): string {
  let s = o.unicode === "nfkc" ? text.normalize("NFKC") : text;
  for (const p of PLACEHOLDERS) {
    if (o.placeholders.includes(p)) s = s.replace(PATTERNS[p], ` ${PLACEHOLDER_WORD[p]} `);
  }
  return o.lowercase ? s.toLowerCase() : s;
}

/**
 * Python's `str.isspace()` set, which is what `\s` and `str.split()` mean in
 * scikit-learn's analyzers. JavaScript's `\s` differs in three places: it
 * lacks U+001C–U+001F and U+0085 and has U+FEFF; written out so both agree.
 */
export const PY_SPACE =
  "\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Orders strings by code point, as Python does (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i),
      y = b.charCodeAt(i);
    if (x === y) continue;
    // Different units: only when one is a surrogate and the other is at or above U+E000 does unit order differ.
    const xs = x >= 0xd800 && x <= 0xdfff,
      ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (xs ? y >= 0xe000 : x >= 0xe000)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
