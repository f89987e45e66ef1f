"""is_complete round trips as jupyter console makes them while a cell magic
is typed line by line: a fresh kernel, a pause (the person starting to
type), then one request per Enter. Prints the first answer's and the
median answer's time.
Usage: python3 is_complete_latency.py KERNEL_NAME PAUSE_SECONDS → JSON."""
import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

name, pause = sys.argv[1], float(sys.argv[2])
magic = "%%needs\nneeds lending {\n  must recall >= 0.5\n}\n" if name == "needlab" else "%%time\nfor i in range(3):\n    x = i\n\n"
lines = magic.split("\n")
typed = ["\n".join(lines[: i + 1]) for i in range(len(lines))]
km = KernelManager(kernel_name=name)
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
time.sleep(pause)
millis, statuses = [], []
for code in typed:
    t0 = time.perf_counter()
    msg_id = kc.is_complete(code)
    while True:
        m = kc.get_shell_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id:
            break
    millis.append((time.perf_counter() - t0) * 1000)
    statuses.append(m["content"]["status"])
kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps({"first_ms": millis[0], "median_ms": statistics.median(millis), "statuses": statuses}))
