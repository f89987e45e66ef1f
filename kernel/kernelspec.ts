/**
 * Installing the kernelspec: a folder with kernel.json and logos in Jupyter's
 * data directory. Written directly, so no Python is needed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { logoPng } from "./logo";
import { PACKAGE_ROOT } from "./session";

export const KERNEL_NAME = "needlab";

/** Jupyter's per-user data directory, as jupyter_core computes it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(os.homedir(), "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "jupyter");
}

export function kernelJson(): Record<string, unknown> {
  return {
    // Absolute paths: Jupyter starts kernels from the notebook's folder, with whatever PATH it has.
    argv: [process.execPath, path.join(PACKAGE_ROOT, "bin", "needlab.js"), "kernel", "--connection-file", "{connection_file}"],
    display_name: "needlab (TypeScript + needs)",
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

export function installKernelspec(options: { prefix?: string; name?: string } = {}): string {
  const root = options.prefix ? path.join(path.resolve(options.prefix), "share", "jupyter") : userDataDir();
  const dir = path.join(root, "kernels", options.name ?? KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "logo-32x32.png"), logoPng(32));
  fs.writeFileSync(path.join(dir, "logo-64x64.png"), logoPng(64));
  return dir;
}
