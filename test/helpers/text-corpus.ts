/**
 * A small seeded corpus of customer messages for text tests: four intents,
 * each written from its own phrases plus shared filler words, with a channel
 * column. Deterministic for a seed; small enough that every model kind trains
 * in a second or two.
 */
import fs from "node:fs";
import { createRng } from "../../stdlib/random";

const INTENTS: Record<string, string[]> = {
  card_lost: ["lost my card", "card was stolen", "cannot find my card", "freeze my card", "someone took my card"],
  refund: ["want a refund", "money back please", "refund for my order", "return and refund", "charged twice refund"],
  transfer: [
    "send money abroad",
    "transfer to my friend",
    "wire transfer failed",
    "transfer is pending",
    "iban transfer",
  ],
  balance: [
    "check my balance",
    "how much money left",
    "balance is wrong",
    "show account balance",
    "current balance today",
  ],
};
const FILLER = ["hi", "hello", "please help", "thanks", "urgent", "today", "again", "my account", "quickly", "asap"];
const CHANNELS = ["app", "web", "phone"];

export interface CorpusRow {
  message: string;
  intent: string;
  channel: string;
}

export function textCorpus(rows: number, seed: number): CorpusRow[] {
  const rng = createRng(seed);
  const pick = <T>(xs: T[]) => xs[rng.int(xs.length)];
  const intents = Object.keys(INTENTS);
  return Array.from({ length: rows }, (_, i) => {
    const intent = intents[i % intents.length];
    // A quarter of messages also mention another intent's phrase, so no model is perfect.
    const other = rng.next() < 0.25 ? [pick(INTENTS[pick(intents)])] : [];
    const words = [pick(FILLER), pick(INTENTS[intent]), ...other, ...(rng.next() < 0.5 ? [pick(FILLER)] : [])];
    return { message: words.join(" "), intent, channel: pick(CHANNELS) };
  });
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function writeCorpus(file: string, rows: CorpusRow[], extra: Record<string, string[]> = {}): void {
  const cols = ["message", "intent", "channel", ...Object.keys(extra)];
  const lines = rows.map((r, i) =>
    [r.message, r.intent, r.channel, ...Object.values(extra).map((v) => v[i])].map(quote).join(","),
  );
  fs.writeFileSync(file, [cols.join(","), ...lines].join("\n") + "\n");
}
