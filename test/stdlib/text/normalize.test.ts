/**
 * Normalisation and term cutting on hand-worked messages: NFKC folding,
 * placeholders for URLs, e-mails, tickers and numbers, lower case, Python's
 * whitespace and code-point order.
 */
import { describe, expect, it } from "vitest";
import { analyze, charWbNgrams, tokenize } from "../../../stdlib/text/analyze";
import { compareCodePoints, normalizeText, type NormalizeOptions } from "../../../stdlib/text/normalize";

const ALL: NormalizeOptions = {
  lowercase: true,
  unicode: "nfkc",
  placeholders: ["url", "email", "ticker", "number"],
};

describe("normalising a message", () => {
  it("leaves the text as scikit-learn would by default: lower case only", () => {
    expect(
      normalizeText("Paid £12 to https://Shop.example", { lowercase: true, unicode: "none", placeholders: [] }),
    ).toBe("paid £12 to https://shop.example");
  });

  it("folds compatibility forms with NFKC", () => {
    const o: NormalizeOptions = { lowercase: false, unicode: "nfkc", placeholders: [] };
    expect(normalizeText("ﬁle ＡＢＣ ① x²", o)).toBe("file ABC 1 x2");
    expect(normalizeText("cafe\u0301", o)).toBe("caf\u00e9"); // composed: one token, not "caf" + mark
  });

  it("replaces URLs, e-mails, tickers and numbers with placeholder words", () => {
    const s = normalizeText("Sent 1,200.50 USD to jo.doe+x@mail.co.uk, see www.bank.com/faq?id=7; $AAPL up 3%", ALL);
    expect(tokenize(s)).toEqual(["sent", "xxnum", "usd", "to", "xxemail", "see", "xxurl", "xxticker", "up", "xxnum"]);
    expect(s).not.toMatch(/jo\.doe|1,200|aapl/); // the personal value and the figure are gone
  });

  it("keeps digits inside words and tickers that are really prices", () => {
    const s = normalizeText("covid19 refund of $5 for $BRK.B and $TSLA's drop", ALL);
    expect(tokenize(s)).toEqual(["covid19", "refund", "of", "xxnum", "for", "xxticker", "and", "xxticker", "drop"]);
  });

  it("only replaces what is asked", () => {
    const o: NormalizeOptions = { lowercase: true, unicode: "none", placeholders: ["ticker"] };
    expect(tokenize(normalizeText("$GME 2021", o))).toEqual(["xxticker", "2021"]);
  });
});

describe("cutting terms", () => {
  it("tokens are runs of two or more letters, digits or underscores in any script", () => {
    expect(tokenize("i can't top-up my card_2 in Zürich 東京 ٣٤ 🙂 ok")).toEqual([
      "can",
      "top",
      "up",
      "my",
      "card_2",
      "in",
      "Zürich",
      "東京",
      "٣٤",
      "ok",
    ]);
  });

  it("splits words on Python's whitespace, including U+001C and U+0085, not U+FEFF", () => {
    expect(charWbNgrams("ab\u001ccd\u0085ef\ufeffgh", [3, 3])).toEqual([
      " ab",
      "ab ",
      " cd",
      "cd ",
      " ef",
      "ef\ufeff",
      "f\ufeffg",
      "\ufeffgh",
      "gh ",
    ]);
  });

  it("counts characters by code point: a letter past U+FFFF is one character", () => {
    expect(analyze("𝐀b", { analyzer: "char", ngramRange: [2, 2] })).toEqual(["𝐀b"]);
  });

  it("orders terms by code point as Python does, not by UTF-16 unit", () => {
    const terms = ["𝐀", "\uff21", "z"]; // U+1D400 sorts after U+FF21 in Python; a UTF-16 sort puts it first
    expect([...terms].sort(compareCodePoints)).toEqual(["z", "\uff21", "𝐀"]);
    expect([...terms].sort()).toEqual(["z", "𝐀", "\uff21"]);
  });
});
