/**
 * The kernel's lifetime, through the real process and the real wire protocol
 * (zeromq, signed messages): it ends when the process that started it dies
 * (its parent, or JPY_PARENT_PID), and a shutdown_request ends it even while
 * a cell waits on a promise that never settles.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import * as zmq from "zeromq";
import { afterEach, describe, expect, it } from "vitest";
import { createSigner, header, serialize } from "../../kernel/protocol/wire";

const NEEDLAB = path.resolve(__dirname, "../../bin/needlab.js");
const KEY = "lifecycle-test-key";
const started: number[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

async function connectionFile(): Promise<{ file: string; conn: Record<string, number | string> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-life-"));
  const conn = {
    transport: "tcp",
    ip: "127.0.0.1",
    key: KEY,
    signature_scheme: "hmac-sha256",
    shell_port: await freePort(),
    iopub_port: await freePort(),
    stdin_port: await freePort(),
    control_port: await freePort(),
    hb_port: await freePort(),
  };
  const file = path.join(dir, "kernel.json");
  fs.writeFileSync(file, JSON.stringify(conn));
  return { file, conn };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Milliseconds until `pid` is gone, or Infinity after `limitMs`. */
async function goneWithin(pid: number, limitMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if (!alive(pid)) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Infinity;
}

/** Waits until the kernel answers kernel_info on shell: it has started, and is watching its parent. */
async function answers(conn: Record<string, number | string>): Promise<void> {
  const shell = new zmq.Dealer();
  shell.receiveTimeout = 60_000;
  shell.connect(`tcp://127.0.0.1:${conn.shell_port}`);
  try {
    await shell.send(serialize([], header("kernel_info_request", "test-session"), {}, {}, createSigner(KEY)));
    await shell.receive();
  } finally {
    shell.close();
  }
}

afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

describe("the kernel ends with its parent", () => {
  it("exits within a few seconds of its parent process being killed", async () => {
    const { file, conn } = await connectionFile();
    // A parent that starts the kernel, says its pid and waits, as a Jupyter console does.
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const k = require("child_process").spawn(process.execPath, [${JSON.stringify(NEEDLAB)}, "kernel", "--connection-file", ${JSON.stringify(file)}], { stdio: "ignore", env: { ...process.env, JPY_PARENT_PID: "" } });
         console.log(k.pid); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const kernelPid = await new Promise<number>((resolve) => parent.stdout!.once("data", (d) => resolve(Number(d))));
    started.push(kernelPid, parent.pid!);
    await answers(conn);
    parent.kill("SIGKILL");
    const ms = await goneWithin(kernelPid, 10_000);
    console.log(`kernel exited ${ms.toFixed(0)} ms after its parent was killed`);
    expect(ms).toBeLessThan(5_000);
  }, 90_000);

  it("exits when the process named by JPY_PARENT_PID dies", async () => {
    const { file, conn } = await connectionFile();
    const server = spawn("sleep", ["60"], { stdio: "ignore" });
    started.push(server.pid!);
    const kernel = spawn(process.execPath, [NEEDLAB, "kernel", "--connection-file", file], {
      stdio: "ignore",
      env: { ...process.env, JPY_PARENT_PID: String(server.pid) },
    });
    started.push(kernel.pid!);
    await answers(conn);
    server.kill("SIGKILL");
    const ms = await goneWithin(kernel.pid!, 10_000);
    expect(ms).toBeLessThan(5_000);
  }, 90_000);
});

describe("shutdown while a cell never settles", () => {
  async function hungKernel(): Promise<{
    kernel: ChildProcess;
    send: (socket: zmq.Dealer, type: string, content: object) => Promise<void>;
    shell: zmq.Dealer;
    control: zmq.Dealer;
    iopub: zmq.Subscriber;
  }> {
    const { file, conn } = await connectionFile();
    const kernel = spawn(process.execPath, [NEEDLAB, "kernel", "--connection-file", file], { stdio: "ignore" });
    started.push(kernel.pid!);
    const signer = createSigner(KEY);
    const at = (port: unknown) => `tcp://127.0.0.1:${port}`;
    const shell = new zmq.Dealer(),
      control = new zmq.Dealer(),
      iopub = new zmq.Subscriber();
    shell.connect(at(conn.shell_port));
    control.connect(at(conn.control_port));
    iopub.connect(at(conn.iopub_port));
    iopub.subscribe();
    const send = (socket: zmq.Dealer, type: string, content: object) =>
      socket.send(serialize([], header(type, "test-session"), {}, content, signer));
    return { kernel, send, shell, control, iopub };
  }

  for (const channel of ["control", "shell"] as const) {
    it(`a shutdown_request on ${channel} ends the process`, async () => {
      const k = await hungKernel();
      try {
        const execStarted = Promise.race([
          (async () => {
            for await (const frames of k.iopub) {
              const h = frames.find((f) => f.toString().includes('"msg_type":"execute_input"'));
              if (h) return;
            }
          })(),
          new Promise((r) => setTimeout(r, 30_000)),
        ]);
        // Sent until the kernel is up (zeromq queues them; the first one that arrives starts the cell).
        await k.send(k.shell, "execute_request", { code: "await new Promise(() => {})", silent: false });
        await execStarted;
        await new Promise((r) => setTimeout(r, 500));
        expect(alive(k.kernel.pid!)).toBe(true);
        await k.send(channel === "control" ? k.control : k.shell, "shutdown_request", { restart: false });
        const ms = await goneWithin(k.kernel.pid!, 10_000);
        expect(ms).toBeLessThan(5_000);
      } finally {
        for (const s of [k.shell, k.control, k.iopub]) s.close();
      }
    }, 60_000);
  }
});
