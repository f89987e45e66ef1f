/**
 * Small pieces the text generators share: a template language, exact
 * allocation of counts, and seeded typing noise.
 *
 * Templates: `{a|b|c}` picks one alternative (uniformly; an empty alternative
 * drops the phrase), then `[slot]` is replaced by a draw from that slot. The
 * alternatives are chosen before the slots are filled, so an alternative may
 * hold a slot (`{at [merchant]|online}`); alternatives do not nest.
 */
import type { Rng } from "../random";

export type Slots = Record<string, (rng: Rng) => string>;

const ALTERNATIVES = /\{([^{}]*)\}/g;
const SLOT = /\[(\w+)\]/g;

export const oneOf = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/** One sentence from a template: alternatives chosen, slots filled, spaces tidied. */
export function fill(template: string, rng: Rng, slots: Slots): string {
  const chosen = template.replace(ALTERNATIVES, (_, alts: string) => oneOf(rng, alts.split("|")));
  const filled = chosen.replace(SLOT, (_, name: string) => {
    const slot = slots[name];
    if (!slot) throw new Error(`template slot [${name}] has no vocabulary (in "${template}")`);
    return slot(rng);
  });
  return filled
    .replace(/\s+/g, " ")
    .replace(/\s+([.,?!])/g, "$1")
    .trim();
}

/**
 * Whole counts for `n` items in proportion to `weights`, summing to exactly
 * `n` (largest remainders; ties to the earlier item), so that a generator's
 * class counts are a documented, testable fact rather than a sampling outcome.
 */
export function allocate(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (n * w) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  const missing = n - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[order[k].i]++;
  return counts;
}

/**
 * One typing slip in a word of three letters or more: two neighbouring letters
 * swapped, a letter dropped, or a letter doubled (the slips phone keyboards
 * make most). Shorter words and words without letters are left alone.
 */
export function typo(word: string, rng: Rng): string {
  if (word.length < 3 || !/^[a-z]+$/i.test(word)) return word;
  const i = 1 + rng.int(word.length - 2); // never the first letter: people rarely slip on it
  switch (rng.int(3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    default:
      return word.slice(0, i + 1) + word[i] + word.slice(i + 1);
  }
}

/** Each word of `text` gets a slip with probability `rate`. */
export function withTypos(text: string, rate: number, rng: Rng): string {
  return text
    .split(" ")
    .map((w) => {
      const m = /^([A-Za-z]+)(\W*)$/.exec(w);
      return m && rng.next() < rate ? typo(m[1], rng) + m[2] : w;
    })
    .join(" ");
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
