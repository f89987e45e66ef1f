"""Reference forward pass for test/stdlib/text/attention.test.ts, in PyTorch.

Reads JSON on stdin: the needlab transformer's weights (Keras layout, x @ W)
and a batch of token ids (0 = padding). Builds the same network from
torch.nn.TransformerEncoderLayer (post-norm, ReLU, dropout 0, batch first) with
the weights transposed into PyTorch's layout, and writes the class
probabilities and the first block's output as JSON.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float32)
job = json.load(sys.stdin)
t = lambda a: torch.tensor(a, dtype=torch.float32)
ids = torch.tensor(job["ids"], dtype=torch.long)
pad = ids == 0  # True = ignore this key
emb = job["embedding"]
x = t(emb["tokens"])[ids] + t(emb["positions"])[: ids.shape[1]]
blocks_out = []
with torch.no_grad():
    for w in job["blocks"]:
        d = len(w["bq"])
        layer = torch.nn.TransformerEncoderLayer(
            d_model=d, nhead=job["heads"], dim_feedforward=len(w["b1"]), dropout=0.0, batch_first=True
        )
        layer.train()  # the training path: no fused fast path, which zeroes padded outputs
        layer.self_attn.in_proj_weight.copy_(torch.cat([t(w["wq"]).T, t(w["wk"]).T, t(w["wv"]).T]))
        layer.self_attn.in_proj_bias.copy_(torch.cat([t(w["bq"]), t(w["bk"]), t(w["bv"])]))
        layer.self_attn.out_proj.weight.copy_(t(w["wo"]).T)
        layer.self_attn.out_proj.bias.copy_(t(w["bo"]))
        layer.linear1.weight.copy_(t(w["w1"]).T)
        layer.linear1.bias.copy_(t(w["b1"]))
        layer.linear2.weight.copy_(t(w["w2"]).T)
        layer.linear2.bias.copy_(t(w["b2"]))
        layer.norm1.weight.copy_(t(w["ln1_gamma"]))
        layer.norm1.bias.copy_(t(w["ln1_beta"]))
        layer.norm2.weight.copy_(t(w["ln2_gamma"]))
        layer.norm2.bias.copy_(t(w["ln2_beta"]))
        x = layer(x, src_key_padding_mask=pad)
        blocks_out.append(x.tolist())
    keep = (~pad).float().unsqueeze(-1)
    pooled = (x * keep).sum(1) / keep.sum(1).clamp(min=1)
    logits = pooled @ t(job["dense"]["kernel"]) + t(job["dense"]["bias"])
    probs = torch.softmax(logits, dim=-1)
json.dump({"probs": probs.tolist(), "block1": blocks_out[0]}, sys.stdout)
