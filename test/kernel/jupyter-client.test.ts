/**
 * The kernel driven by jupyter_client (the library every Jupyter frontend
 * uses): results, streams, structured errors, the session surviving them,
 * history, comm_info, interrupt, the no-key mode, and a forged message.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireTool, systemPython } from "../helpers/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const py = systemPython(["jupyter_client"]);
let prefix: string;

type Msg = { type: string; content: Record<string, unknown> };
type Exec = { reply: Record<string, unknown>; iopub: Msg[] };

function drive(emptyKey: boolean): Record<string, unknown> {
  const args = [path.join(__dirname, "jupyter_client_session.py"), "needlab", ...(emptyKey ? ["--empty-key"] : [])];
  const r = spawnSync(py!, args, {
    cwd: os.tmpdir(),
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const types = (e: Exec) => e.iopub.map((m) => m.type);
const ofType = (e: Exec, t: string) => e.iopub.find((m) => m.type === t)?.content;

describe("the kernel through jupyter_client", () => {
  let res: Record<string, unknown>;

  beforeAll(() => {
    if (!py) return;
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-ks-"));
    expect(
      spawnSync(process.execPath, [path.join(ROOT, "bin", "needlab.js"), "install", "--prefix", prefix]).status,
    ).toBe(0);
    res = drive(false);
  });

  it("answers an execute with execute_input, execute_result and a reply with the count", () => {
    if (!requireTool("python3 with jupyter_client", py, "apt-get install jupyter-client")) return;
    const first = res.first as Exec;
    expect(types(first)).toEqual(["status", "execute_input", "execute_result", "status"]);
    expect(ofType(first, "execute_result")).toMatchObject({ execution_count: 1, data: { "text/plain": "2" } });
    expect(first.reply).toMatchObject({ status: "ok", execution_count: 1 });
  });

  it("streams console output", () => {
    if (!py) return;
    expect(ofType(res.stream as Exec, "stream")).toEqual({ name: "stdout", text: "hi\n" });
  });

  it("sends structured errors on IOPub and in the reply, and keeps going", () => {
    if (!py) return;
    const err = res.error as Exec;
    expect(ofType(err, "error")).toMatchObject({ ename: "Error", evalue: "boom" });
    expect(err.reply).toMatchObject({ status: "error", ename: "Error", evalue: "boom", execution_count: 3 });
    expect(ofType(res.after_error as Exec, "execute_result")).toMatchObject({
      execution_count: 4,
      data: { "text/plain": "42" },
    });
    expect(ofType(res.dsl_error as Exec, "error")).toMatchObject({
      ename: "NeedsError",
      traceback: [
        "cell:3:8: error: unknown metric 'recal'; did you mean 'recall'?",
        "    must recal >= 0.5",
        "         ^~~~~",
      ],
    });
  });

  it("neither runs nor answers a message signed with the wrong key", () => {
    if (!py) return;
    expect(res.forged_leaked).toEqual([]);
    expect(ofType(res.forged_ran as Exec, "execute_result")).toMatchObject({ data: { "text/plain": "false" } });
  });

  it("answers comm_info, history, is_complete, interrupt and kernel_info", () => {
    if (!py) return;
    expect(res.comm_info).toBe("comm_info_reply");
    expect(res.history).toMatchObject({ status: "ok" });
    expect((res.history as { history: unknown[] }).history.map((h) => (h as unknown[])[2]).slice(-2)).toEqual([
      "(globalThis as any).__forged === true",
      "%%needs\nneeds lending { must recall >= 0.5 }\nmodel baseline: logistic_regression",
    ]);
    expect(res.is_complete).toEqual({ status: "incomplete", indent: "  " });
    expect(res.interrupt).toBe("interrupt_reply");
    expect(res.kernel_info).toMatchObject({
      status: "ok",
      protocol_version: "5.3",
      implementation: "needlab",
      language_info: { name: "typescript", file_extension: ".ts" },
    });
  });

  it("completes, inspects and judges DSL cells through the kernel", () => {
    if (!py) return;
    const code = "%%needs\nevaluate baseline against le";
    expect(res.dsl_complete).toEqual({
      status: "ok",
      matches: ["lending"],
      cursor_start: code.length - 2,
      cursor_end: code.length,
      metadata: {},
    });
    expect(res.dsl_inspect).toMatchObject({
      status: "ok",
      found: true,
      data: { "text/plain": expect.stringMatching(/^roc_auc: area under the ROC curve/) },
    });
    expect(res.dsl_is_complete).toEqual({ status: "incomplete", indent: "  " });
  });

  it("works with an empty key (no authentication)", () => {
    if (!py) return;
    const r = drive(true);
    expect(ofType(r.first as Exec, "execute_result")).toMatchObject({ data: { "text/plain": "2" } });
  });
});
