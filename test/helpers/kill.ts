/**
 * Killing the real CLI at seeded random moments: each trial restores the
 * "before" state, starts `needlab ...`, sends SIGKILL after a seeded random
 * delay (over the run, or from the moment its write begins) and then asks
 * the caller what the target now holds.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const NEEDLAB = path.resolve(__dirname, "../../bin/needlab.js");

/** A small seeded generator (mulberry32): the same seed, the same kill moments. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Kills once a temporary file or folder matching `pattern` appears in `dir` (the write has begun), `afterMs` later. */
export interface WriteTrigger {
  dir: string;
  pattern: RegExp;
  afterMs: number;
}

/**
 * Runs the CLI; with `killAfterMs`, SIGKILLs it then (if it is still
 * running); with `trigger`, SIGKILLs it that long after its write begins.
 */
export function runCli(args: string[], cwd: string, killAfterMs?: number, trigger?: WriteTrigger): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [NEEDLAB, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    const watch = trigger
      ? setInterval(() => {
          if (!fs.readdirSync(trigger.dir).some((f) => trigger.pattern.test(f))) return;
          clearInterval(watch);
          setTimeout(() => child.kill("SIGKILL"), trigger.afterMs);
        }, 1)
      : undefined;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (watch) clearInterval(watch);
      resolve({ code, signal, ms: performance.now() - started, stdout, stderr });
    });
  });
}

export type Outcome = "old" | "new";

/**
 * `trials` kills of `args`, each after restoring the old state; `judge` says
 * whether the target is the old or the new one (and throws if it is neither).
 * Returns how many trials were killed and what each left.
 */
export async function killTrials(opts: {
  args: string[];
  cwd: string;
  trials: number;
  seed: number;
  /** The uninterrupted run's duration: kills land between 30% and 105% of it, where the writing is. */
  fullMs: number;
  restore: () => void;
  judge: () => Outcome;
  /**
   * Where the write's temporary file or folder appears: every other trial is
   * then killed 0 to `writeMs` after it appears, inside the write itself.
   */
  write?: { dir: string; pattern: RegExp; writeMs: number };
}): Promise<{ killed: number; outcomes: Record<Outcome, number> }> {
  const random = seeded(opts.seed);
  const outcomes: Record<Outcome, number> = { old: 0, new: 0 };
  let killed = 0;
  for (let i = 0; i < opts.trials; i++) {
    opts.restore();
    const delay = opts.fullMs * (0.3 + 0.75 * random());
    const during = opts.write && i % 2 === 1;
    const r = during
      ? await runCli(opts.args, opts.cwd, undefined, {
          dir: opts.write!.dir,
          pattern: opts.write!.pattern,
          afterMs: opts.write!.writeMs * random(),
        })
      : await runCli(opts.args, opts.cwd, delay);
    if (r.signal === "SIGKILL") killed++;
    outcomes[opts.judge()]++;
  }
  return { killed, outcomes };
}
