/**
 * A kernel outlives nobody: as ipykernel's ParentPoller does, it watches the
 * process that started it (the Jupyter server or console, `JPY_PARENT_PID`
 * when Jupyter sets it, else the parent process) and exits once it is gone,
 * so a killed console leaves no orphaned kernel holding memory and ports.
 */

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Our parent when this module was loaded (the CLI loads it first thing): a
 * parent that dies while the kernel is still starting is then noticed too.
 */
export const LAUNCH_PPID = process.ppid;

/** The pid to watch: Jupyter's parent pid when it names one, else our parent; none when that is init. */
export function parentToWatch(env: NodeJS.ProcessEnv = process.env, ppid = LAUNCH_PPID): number | undefined {
  const named = Number(env.JPY_PARENT_PID);
  if (Number.isInteger(named) && named > 1) return named;
  return ppid > 1 ? ppid : undefined;
}

/**
 * Polls every `everyMs`; calls `onGone` once when the watched process has
 * died or we were re-parented (our parent changed: the original one exited).
 */
export function watchParent(onGone: () => void, everyMs = 1000, pid = parentToWatch()): NodeJS.Timeout | undefined {
  if (pid === undefined) return undefined;
  const timer = setInterval(() => {
    if (alive(pid) && process.ppid === LAUNCH_PPID) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
  return timer;
}
