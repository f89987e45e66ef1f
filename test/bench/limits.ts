/**
 * Bounded work on hostile DSL input: how long `parseSource` (where the limits
 * act) takes on each input the issue probed, against a well-formed study of
 * the same size as the peer, run alternately, 7 pairs. The claim it backs:
 * every hostile input ends with a positioned error in well under a second,
 * in time comparable to reading a valid file of its size.
 */
import { parseSource } from "../../dsl/syntax";

type Report = (what: string, value: string) => void;

const derive = (expr: string) => `dataset d {\n  source "x.csv"\n  derive a = ${expr}\n}\n`;

function hostileInputs(): [string, string][] {
  const words = ["needs", "{", "}", "(", ")", "must", "recall", ">=", "0.5", '"s"', "dataset", "x", ",", ":", "="];
  let soup = "";
  for (let i = 0; soup.length < 999_000; i++) soup += words[(i * 7919) % words.length] + " ";
  return [
    ["2,000 nested parentheses", derive("(".repeat(2_000) + "b" + ")".repeat(2_000))],
    ["20,000 nested parentheses", derive("(".repeat(20_000) + "b" + ")".repeat(20_000))],
    ["10,000 nested log1p(", derive("log1p(".repeat(10_000) + "b" + ")".repeat(10_000))],
    ["a 100,000-term sum", derive(Array(100_000).fill("b").join(" + "))],
    ["1 MB of token soup", soup],
    ["20,000 unterminated strings", '"abc\n'.repeat(20_000)],
  ];
}

/** A valid study of about `chars` characters (whole dataset blocks). */
function validOfSize(chars: number): string {
  const block = (i: number) =>
    `dataset d${i} {\n  source "x.csv"\n  target y positive "1"\n  derive a${i} = log1p(b) + max(b, 2) / 3\n  split train 70%, test 30%\n}\n`;
  let out = "";
  for (let i = 0; out.length < chars; i++) out += block(i);
  return out;
}

const ms = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

export function benchLimits(report: Report): void {
  for (const [what, source] of hostileInputs()) {
    // The peer is capped at the size the limits let through (10,000 tokens is about 60 KB of study).
    const peer = validOfSize(Math.min(source.length, 60_000));
    parseSource(source);
    parseSource(peer); // warm the JIT
    const hostile: number[] = [],
      ratios: number[] = [];
    for (let i = 0; i < 7; i++) {
      const h = ms(() => parseSource(source));
      const p = ms(() => parseSource(peer));
      hostile.push(h);
      ratios.push(h / p);
    }
    const sorted = [...hostile].sort((a, b) => a - b),
      r = [...ratios].sort((a, b) => a - b);
    report(
      `DSL limits: ${what} (${(source.length / 1000).toFixed(0)} kB)`,
      `${sorted[3].toFixed(1)} ms median (max ${sorted[6].toFixed(1)}); ÷ valid study: ${r[0].toFixed(2)}/${r[3].toFixed(2)}/${r[6].toFixed(2)}`,
    );
  }
}
