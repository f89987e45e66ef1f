"""What a console and a tslab notebook ask of the kernel, driven by
jupyter_client: the is_complete answers while a `%%needs` cell is typed line
by line (with each round trip's time, and whether the DSL parser got loaded
on that path), then tslab's display API and needlab's, with their display
ids.
Usage: python3 jupyter_client_console.py KERNEL_NAME → JSON."""
import faulthandler
import json
import sys
import time

from kernel_client import KernelClient

faulthandler.dump_traceback_later(150, exit=True)
client = KernelClient(sys.argv[1])
km, kc = client.km, client.kc
reply_for, outputs_for, run = client.reply_for, client.outputs_for, client.run
result = {}


try:
    # The TypeScript compiler starts in the background once the kernel is up; let it settle.
    run("0")
    # A console sends the whole buffer each time Enter is pressed.
    typed = [
        "%%needs",
        "%%needs\nneeds lending {",
        "%%needs\nneeds lending {\n  must recall >= 0.5",
        "%%needs\nneeds lending {\n  must recall >= 0.5\n}",
        "%%needs\nneeds lending {\n  must recall >= 0.5\n}\n",
        "%%needs\nneeds lending {\n  must recall >= 0.5\n}\n}\n",
    ]
    answers, millis = [], []
    for code in typed:
        t0 = time.perf_counter()
        msg_id = kc.is_complete(code)
        answers.append(reply_for(msg_id, timeout=10))
        millis.append((time.perf_counter() - t0) * 1000)
    result["is_complete"] = answers
    result["is_complete_ms"] = millis
    result["parser_loaded"] = run("Object.keys(require.cache).some((f) => /chevrotain/.test(f))")["outputs"]

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    result["tslab_display"] = run(
        'import * as tslab from "tslab";\n'
        f'const png = Buffer.from("{png}", "base64");\n'
        'tslab.display.html("<b>x</b>");\n'
        'tslab.display.markdown("**m**");\n'
        'tslab.display.javascript("void 0");\n'
        'tslab.display.svg("<svg></svg>");\n'
        'tslab.display.latex("$x^2$");\n'
        'tslab.display.text("plain");\n'
        "tslab.display.png(png);\n"
        "tslab.display.jpeg(png);\n"
        "tslab.display.gif(png);\n"
        "tslab.display.pdf(new Uint8Array([37, 80, 68, 70]));\n"
        'tslab.display.raw("text/csv", "a,b");'
    )
    result["tslab_new_display"] = run(
        'import * as tslab from "tslab";\n'
        "const d = tslab.newDisplay();\n"
        'd.html("<i>0%</i>");\n'
        'd.html("<i>50%</i>");\n'
        'd.text("done");'
    )
    result["needlab_html_update"] = run(
        'import { display } from "needlab";\n'
        'const h = display.html("<b>0</b>");\n'
        'h.update("<b>1</b>");\n'
        "const n = display.newDisplay();\n"
        'n.svg("<svg></svg>");\n'
        'n.markdown("*1*");'
    )
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(result))
