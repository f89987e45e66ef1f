/**
 * Seeded synthetic customer-service messages for the customer-intents case
 * study (used when the real Banking77 data are not beside the checkout).
 *
 * Structure (docs/synthetic-data.md repeats it):
 *
 *  - 16 intents, named as in Banking77 (stdlib/synth/intent-templates.ts).
 *    Counts are exact, not sampled: `rows` divided in proportion to each
 *    intent's weight (4 intents of weight 2, 12 of weight 1, so with 2,000 rows
 *    200 and 100 messages) by largest remainders.
 *  - A customer group, `channel`: within every intent exactly
 *    round(count × 40%) messages come from the app's chat, the rest by e-mail.
 *  - The built-in difficulty gap between the two channels:
 *      e-mail  a greeting, one full sentence from the intent's templates,
 *              sometimes a line of context, a sign-off; about 20 words;
 *              a typing slip in 1% of words.
 *      chat    a short form of 2–6 words, lower case, no punctuation, chat
 *              shorthand (pls, u, acct, pwd…) half the time, a typing slip in
 *              15% of words; and 25% of chat messages are vague: they leave
 *              out the word that tells the intent ("block card", "my
 *              refund") and are drawn from a pool that the intent's family
 *              shares, so that even a perfect reader must guess among the
 *              family of two or three (half or more of them wrong, by design).
 *    A model trained on both channels serves chat customers worse: the
 *    fairness need of the study is there to see by how much.
 *  - Three families of intents share their words (lost/stolen vs compromised
 *    card vs payment not recognised; refund asked vs refund not showing; PIN
 *    change vs PIN blocked vs forgotten passcode): the confusions to find.
 *  - Rows are in a seeded random order; the text is drawn after the order,
 *    so the same seed gives the same file byte for byte.
 */
import { writeFileAtomic } from "../fs/atomic";
import { createRng, permutation, type Rng } from "../random";
import { toCsv, type WrittenFile } from "./credit";
import { CHAT_SHORTHAND, EMAIL, INTENTS, INTENT_SLOTS, VAGUE } from "./intent-templates";
import { allocate, capitalise, fill, oneOf, withTypos } from "./templates";

export interface IntentOptions {
  rows?: number;
  seed?: number;
}

export const INTENT_COLUMNS = ["message_id", "channel", "text", "intent"] as const;
export const INTENT_NAMES = Object.keys(INTENTS);
export const INTENT_NOISE = { chatShare: 0.4, chatVagueShare: 0.25, chatTypoRate: 0.15, emailTypoRate: 0.01 } as const;

export type Channel = "chat" | "email";

/** An e-mail: greeting, a full sentence, perhaps context, sign-off; a slip in 1% of words. */
function email(intent: string, rng: Rng): string {
  const body = capitalise(fill(oneOf(rng, INTENTS[intent].full), rng, INTENT_SLOTS));
  const parts = [oneOf(rng, EMAIL.hello), body, oneOf(rng, EMAIL.context), oneOf(rng, EMAIL.signoff)];
  return withTypos(parts.filter(Boolean).join(" "), INTENT_NOISE.emailTypoRate, rng);
}

/** A chat message: a short or vague form, lower case, shorthand, a slip in 15% of words. */
function chat(intent: string, rng: Rng): string {
  const t = INTENTS[intent];
  const form = rng.next() < INTENT_NOISE.chatVagueShare ? VAGUE[t.family] : t.short;
  const words = fill(oneOf(rng, form), rng, INTENT_SLOTS)
    .toLowerCase()
    .replace(/[.,!?']/g, "")
    .split(" ")
    .filter(Boolean)
    .map((w) => (CHAT_SHORTHAND[w] && rng.next() < 0.5 ? CHAT_SHORTHAND[w] : w));
  const text = withTypos(words.join(" "), INTENT_NOISE.chatTypoRate, rng);
  return rng.next() < 0.25 ? `${text}??` : text;
}

export function generateIntentMessages(options: IntentOptions = {}): {
  columns: readonly string[];
  rows: (string | number | null)[][];
} {
  const n = options.rows ?? 3000;
  const rng = createRng(`intents:${options.seed ?? 77}`);
  const counts = allocate(
    n,
    INTENT_NAMES.map((i) => INTENTS[i].weight),
  );
  const plan: { intent: string; channel: Channel }[] = [];
  INTENT_NAMES.forEach((intent, k) => {
    const chats = Math.round(counts[k] * INTENT_NOISE.chatShare);
    for (let j = 0; j < counts[k]; j++) plan.push({ intent, channel: j < chats ? "chat" : "email" });
  });
  const order = permutation(plan.length, rng);
  const rows = Array.from(order, (p, i) => {
    const { intent, channel } = plan[p];
    const text = channel === "chat" ? chat(intent, rng) : email(intent, rng);
    return [`M${String(i + 1).padStart(6, "0")}`, channel, text, intent];
  });
  return { columns: INTENT_COLUMNS, rows };
}

/** Writes the messages as CSV (texts quoted where they hold commas or quotes), and says what it wrote. */
export function writeIntentMessages(file: string, options: IntentOptions = {}): WrittenFile {
  const { columns, rows } = generateIntentMessages(options);
  const text = toCsv(columns, rows);
  writeFileAtomic(file, text);
  return { path: file, rows: rows.length, bytes: Buffer.byteLength(text) };
}
