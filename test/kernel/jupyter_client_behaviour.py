"""Protocol behaviour beyond the conformance suite, driven by jupyter_client:
stop_on_error both ways, user_expressions, input over stdin, stray async
errors, and interrupts (SIGINT on a busy loop, interrupt_request on an async
wait, and a training run that keeps its weights).
Usage: python3 jupyter_client_behaviour.py KERNEL_NAME CSV_FILE → JSON."""
import asyncio
import faulthandler
import inspect
import json
import sys
import threading
import time

from kernel_client import KernelClient

faulthandler.dump_traceback_later(170, exit=True)
kernel_name, csv_file = sys.argv[1], sys.argv[2]
client = KernelClient(kernel_name)
km, kc = client.km, client.kc
reply_for, outputs_for, run = client.reply_for, client.outputs_for, client.run
result = {}


def later(seconds, action):
    t = threading.Timer(seconds, action)
    t.start()
    return t


try:
    # stop_on_error=True (default): a request queued behind a failing one is aborted.
    a = kc.execute('const t0 = Date.now(); while (Date.now() - t0 < 300) {} throw new Error("first")')
    b = kc.execute("1 + 1")
    result["stop_on_error_true"] = [reply_for(a)["status"], reply_for(b)["status"]]
    # stop_on_error=False: it runs.
    a = kc.execute('const t1 = Date.now(); while (Date.now() - t1 < 300) {} throw new Error("second")', stop_on_error=False)
    b = kc.execute("2 + 2")
    result["stop_on_error_false"] = [reply_for(a)["status"], reply_for(b)["status"]]
    # Sent after the error's reply: never aborted.
    result["after_error"] = run("3 + 3")["reply"]["status"]

    result["user_expressions"] = run("const ux = 21", user_expressions={"double": "ux * 2", "broken": "(ux as any).nope.deeper"})["reply"]["user_expressions"]

    msg_id = kc.execute('import { input } from "needlab";\nconst who = await input("name? ")\nwho.toUpperCase()', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=30)
    result["input_request"] = request["content"]
    kc.input("ada")
    result["input_reply"] = reply_for(msg_id)["status"]
    result["input_result"] = outputs_for(msg_id)
    result["input_refused"] = run('import { input } from "needlab";\nawait input("x")', allow_stdin=False)["reply"]

    result["stray"] = run('setTimeout(() => { throw new Error("from a timer") }, 10);\nawait new Promise((r) => setTimeout(r, 2000));\n"not reached"')["reply"]
    result["after_stray"] = run("4 + 4")["reply"]["status"]

    # SIGINT (interrupt_mode signal) stops a busy synchronous loop.
    later(1.5, km.interrupt_kernel)
    t = time.time()
    result["sigint_loop"] = run("while (true) {}")["reply"]
    result["sigint_seconds"] = time.time() - t
    result["after_sigint"] = run("5 + 5")["reply"]["status"]

    # interrupt_request on the control channel stops an async wait.
    def control_interrupt():
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    later(1.0, control_interrupt)
    t = time.time()
    result["control_async"] = run("await new Promise((r) => setTimeout(r, 60000))")["reply"]
    result["control_seconds"] = time.time() - t
    reply = kc.control_channel.get_msg(timeout=10)
    if inspect.iscoroutine(reply):
        reply = asyncio.run(reply)
    result["control_reply"] = reply["msg_type"]

    # Interrupting training stops it at a batch boundary; the model keeps its weights.
    dsl = "%%%%needs\ndataset loans {\n  source \"%s\"\n  target default positive \"bad\"\n  drop applicant_id\n}\nmodel slow: dense { layer 8 epochs 100000 batch_size 8 }\ntrain slow on loans" % csv_file
    # Interrupt once training has really started (its progress shows an epoch), however slow the machine.
    msg_id = kc.execute(dsl)
    seen = []
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        seen.append({"type": m["msg_type"], "content": m["content"]})
        text = str(m["content"].get("data", {}).get("text/plain", ""))
        if m["msg_type"] == "update_display_data" and text.startswith("training slow: epoch ") and not text.startswith("training slow: epoch 0/"):
            break
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    finished = seen[-1]["type"] == "status"
    if not finished:
        km.interrupt_kernel()
    result["train_interrupted"] = reply_for(msg_id)
    if not finished:
        outputs_for(msg_id)
    result["after_training"] = run("[slow.trained!.interrupted, slow.trained!.epochsRun > 0, slow.trained!.epochsRun < 100000, slow.predictProba().length > 0]")["outputs"]

    # A live display updated in place, and an image.
    result["display_update"] = run('import { display } from "needlab";\nconst bar = display("0%", { id: "progress" });\ndisplay.update("progress", "50%");\nbar.update("100%");\ndisplay(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64"))')["outputs"]

    # Restart: a fresh session, the old names gone, the kernel answering.
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    result["after_restart"] = run("typeof (globalThis as any).__needlab_study__.datasets.get('loans')")["outputs"]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(result))
