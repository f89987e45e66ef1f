"""The PyTorch peer of test/bench/dense.ts: one process, one thread.

Reads the features and labels test/bench/dense.ts wrote (raw float32), then
answers each line "BATCH EPOCHS" on stdin with one JSON line: the seconds
(wall and CPU) a
plain PyTorch loop takes to build the MLP 20-64-32-1 (ReLU, Adam 1e-3,
sigmoid cross-entropy on logits) and train it, shuffling each epoch and
summing the loss per batch, as needlab's train() does.
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
path, n, width = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
raw = np.fromfile(path, dtype=np.float32)
X = torch.from_numpy(raw[: n * width].reshape(n, width).copy())
y = torch.from_numpy(raw[n * width :].reshape(n, 1).copy())
print(json.dumps({"ready": torch.__version__}), flush=True)

for line in sys.stdin:
    batch, epochs = (int(v) for v in line.split())
    torch.manual_seed(1)
    started, cpu = time.perf_counter(), time.process_time()
    model = torch.nn.Sequential(
        torch.nn.Linear(width, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 32),
        torch.nn.ReLU(),
        torch.nn.Linear(32, 1),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    last = 0.0
    for _ in range(epochs):
        order = torch.randperm(n)
        total = 0.0
        for i in range(0, n, batch):
            idx = order[i : i + batch]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        last = total / n
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "loss": last}), flush=True)
