/**
 * Kernel behaviour the conformance suite does not cover, through
 * jupyter_client: stop_on_error both ways, user_expressions, stdin input,
 * stray async errors, and interrupts that leave the session usable.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireTool, systemPython } from "../helpers/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const py = systemPython(["jupyter_client"]);
let res: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(() => {
  if (!py) return;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-behaviour-"));
  const cli = path.join(ROOT, "bin", "needlab.js");
  expect(spawnSync(process.execPath, [cli, "install", "--prefix", tmp]).status).toBe(0);
  expect(
    spawnSync(process.execPath, [cli, "generate", "credit", "--rows", "3000", "--out", path.join(tmp, "loans.csv")])
      .status,
  ).toBe(0);
  const r = spawnSync(
    py,
    [path.join(__dirname, "jupyter_client_behaviour.py"), "needlab", path.join(tmp, "loans.csv")],
    {
      cwd: tmp,
      encoding: "utf8",
      timeout: 200_000,
      env: { ...process.env, JUPYTER_PATH: path.join(tmp, "share", "jupyter") },
    },
  );
  expect(r.status, r.stderr).toBe(0);
  res = JSON.parse(r.stdout);
}, 240_000);

describe("kernel behaviour", () => {
  it("aborts only requests queued before an error, and only with stop_on_error", () => {
    if (!requireTool("python3 with jupyter_client", py, "apt-get install jupyter-client")) return;
    expect(res.stop_on_error_true).toEqual(["error", "aborted"]);
    expect(res.stop_on_error_false).toEqual(["error", "ok"]);
    expect(res.after_error).toBe("ok");
  });

  it("evaluates user_expressions after the cell, each as a bundle or an error", () => {
    if (!py) return;
    expect(res.user_expressions.double).toEqual({ status: "ok", data: { "text/plain": "42" }, metadata: {} });
    expect(res.user_expressions.broken).toMatchObject({ status: "error", ename: "TypeError" });
  });

  it("asks for input on stdin and refuses where the frontend cannot answer", () => {
    if (!py) return;
    expect(res.input_request).toEqual({ prompt: "name? ", password: false });
    expect(res.input_reply).toBe("ok");
    expect(res.input_result).toEqual([
      { type: "execute_result", content: expect.objectContaining({ data: { "text/plain": "'ADA'" } }) },
    ]);
    expect(res.input_refused).toMatchObject({
      status: "error",
      evalue: "input() needs a frontend that answers input requests; this one (or `needlab run`) does not",
    });
  });

  it("ends the running cell when a timer throws, and carries on", () => {
    if (!py) return;
    expect(res.stray).toMatchObject({ status: "error", ename: "Error", evalue: "from a timer" });
    expect(res.after_stray).toBe("ok");
  });

  it("interrupts a busy loop (SIGINT) and an async wait (interrupt_request) promptly", () => {
    if (!py) return;
    expect(res.sigint_loop.status).toBe("error");
    expect(res.sigint_seconds).toBeLessThan(5);
    expect(res.after_sigint).toBe("ok");
    expect(res.control_async.status).toBe("error");
    expect(res.control_seconds).toBeLessThan(5);
    expect(res.control_reply).toBe("interrupt_reply");
  });

  it("stops training at a batch boundary, keeping the weights reached", () => {
    if (!py) return;
    expect(res.train_interrupted).toMatchObject({ status: "error", ename: "NeedlabError" });
    expect(res.train_interrupted.evalue).toMatch(
      /^interrupted while training 'slow' after \d+ of 100000 epochs; it keeps the weights it reached\.$/,
    );
    expect(res.after_training).toEqual([
      {
        type: "execute_result",
        content: expect.objectContaining({ data: { "text/plain": "[ true, true, true, true ]" } }),
      },
    ]);
  });
});

describe("display and restart", () => {
  it("updates a display in place by id and shows images", () => {
    if (!py) return;
    const out = res.display_update as {
      type: string;
      content: { data: Record<string, string>; transient?: { display_id?: string } };
    }[];
    expect(out.map((o) => [o.type, o.content.data["text/plain"], o.content.transient?.display_id])).toEqual([
      ["display_data", "'0%'", "progress"],
      ["update_display_data", "'50%'", "progress"],
      ["update_display_data", "'100%'", "progress"],
      ["display_data", "<image/png, 70 bytes>", expect.any(String)],
    ]);
    expect(out[3].content.data["image/png"]).toBe(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
    );
  });

  it("restarts into a fresh session", () => {
    if (!py) return;
    expect(res.after_restart).toEqual([
      { type: "execute_result", content: expect.objectContaining({ data: { "text/plain": "'undefined'" } }) },
    ]);
  });
});
