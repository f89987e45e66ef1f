/**
 * Debian's classic Jupyter Notebook, started for a browser test: on a free
 * loopback port, without a token, its folders (kernelspecs, runtime, config,
 * data) inside the test's own temporary folder, answering before it returns.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const NOTEBOOK_SERVER = "/usr/bin/jupyter-notebook";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

export async function startNotebookServer(dir: string): Promise<{ server: ChildProcess; port: number }> {
  const port = await freePort();
  const server = spawn(
    NOTEBOOK_SERVER,
    [
      "--no-browser",
      `--port=${port}`,
      "--ip=127.0.0.1",
      "--NotebookApp.token=",
      "--NotebookApp.password=",
      `--notebook-dir=${dir}`,
      "--allow-root",
    ],
    {
      env: {
        ...process.env,
        JUPYTER_PATH: path.join(dir, "share", "jupyter"),
        JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"),
        JUPYTER_CONFIG_DIR: path.join(dir, "config"),
        JUPYTER_DATA_DIR: path.join(dir, "data-dir"),
      },
      stdio: "ignore",
    },
  );
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { server, port };
}
