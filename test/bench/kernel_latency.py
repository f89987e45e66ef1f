"""Kernel start-up (process start to kernel_info_reply) and the median round
trip of execute_request `1+1` over 20 runs, measured with jupyter_client.
Usage: python3 kernel_latency.py KERNEL_NAME  → prints JSON."""
import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

name = sys.argv[1]
starts = []
for _ in range(3):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)  # sends kernel_info_request until answered
    starts.append(time.perf_counter() - t0)
    if len(starts) < 3:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

kc.execute_interactive("1+1", timeout=60, output_hook=lambda m: None)  # first cell starts the TypeScript compiler
trips = []
for _ in range(20):
    t0 = time.perf_counter()
    kc.execute_interactive("1+1", timeout=60, output_hook=lambda m: None)
    trips.append(time.perf_counter() - t0)
kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps({"startup_s": statistics.median(starts), "execute_median_ms": statistics.median(trips) * 1000}))
