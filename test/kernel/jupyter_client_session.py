"""Drives the installed needlab kernel with jupyter_client, as a notebook
frontend would, and prints what came back as JSON for the vitest test to
check. Run as: python3 jupyter_client_session.py KERNEL_NAME [--empty-key]"""
import asyncio
import faulthandler
import inspect
import json
import sys
import time

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

# Never hang a test run: dump the stacks and exit if something waits forever.
faulthandler.dump_traceback_later(150, exit=True)
kernel_name = sys.argv[1]
empty_key = "--empty-key" in sys.argv
km = KernelManager(kernel_name=kernel_name)
if empty_key:
    km.session = Session(key=b"")
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
result = {}
try:


    def run(code, timeout=60):
        msg_id = kc.execute(code)
        reply = kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=timeout)
        iopub = []
        while True:
            m = kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            iopub.append({"type": m["msg_type"], "content": m["content"]})
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return {"reply": reply["content"], "iopub": iopub}


    result["first"] = run("1 + 1")
    result["stream"] = run('console.log("hi")')
    result["error"] = run('throw new Error("boom")')
    result["after_error"] = run("2 * 21")
    result["dsl_error"] = run('%%needs\nneeds x {\n  must recal >= 0.5\n}')

    if not empty_key:
        # A message signed with the wrong key must be neither run nor answered.
        forger = Session(key=b"not-the-key")
        forged = forger.msg("execute_request", content={"code": "(globalThis as any).__forged = true", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
        forger.send(kc.shell_channel.socket, forged)
        time.sleep(1.0)
        leaked = []
        while True:
            try:
                m = kc.get_iopub_msg(timeout=0.2)
            except Exception:
                break
            if m["parent_header"].get("msg_id") == forged["header"]["msg_id"]:
                leaked.append(m["msg_type"])
        result["forged_leaked"] = leaked
        result["forged_ran"] = run("(globalThis as any).__forged === true")

    # DSL editor support through the kernel.
    run('%%needs\nneeds lending { must recall >= 0.5 }\nmodel baseline: logistic_regression')
    code = "%%needs\nevaluate baseline against le"
    kc.complete(code, len(code))
    result["dsl_complete"] = kc.get_shell_msg(timeout=10)["content"]
    code = "%%needs\nneeds n { must roc_auc >= 0.8 }"
    kc.inspect(code, code.index("roc_auc") + 3)
    result["dsl_inspect"] = kc.get_shell_msg(timeout=10)["content"]
    kc.is_complete("%%needs\nneeds n { must f1 >=")
    result["dsl_is_complete"] = kc.get_shell_msg(timeout=10)["content"]

    kc.comm_info()
    result["comm_info"] = kc.get_shell_msg(timeout=10)["msg_type"]
    kc.history(hist_access_type="tail", n=2)
    result["history"] = kc.get_shell_msg(timeout=10)["content"]
    kc.is_complete("%%needs\nneeds x {")
    result["is_complete"] = kc.get_shell_msg(timeout=10)["content"]
    interrupt = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(interrupt)
    # jupyter_client 7.x gives the blocking client an async control channel.
    reply = kc.control_channel.get_msg(timeout=10)
    if inspect.iscoroutine(reply):
        reply = asyncio.run(reply)
    result["interrupt"] = reply["msg_type"]
    kc.kernel_info()
    result["kernel_info"] = kc.get_shell_msg(timeout=10)["content"]

finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(result))
