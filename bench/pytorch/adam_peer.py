"""PyTorch peer of the ConicDsl benchmark: one full-batch Adam start on the two-layer ReLU network.

Usage: python3 adam_peer.py DATA.csv WIDTH BETA SEED MAX_EPOCHS MAX_SECONDS
Prints {"history": [[seconds, best objective so far], ...], "epochs": N, "final": best, "seconds": total} on stdout,
the contract of the C# trainer (bench/ConicDsl.Bench/Peers/AdamTrainer.cs), so the orchestrator reads both alike.

The protocol is the C# trainer's, not its random numbers: network y_hat = sum_j alpha_j * relu([x; 1]^T w_j), objective
1/2 sum (y_hat - y)^2 + beta/2 sum_j (|w_j|^2 + alpha_j^2) (conventions.md units), w ~ N(0, 1/(d+1)),
alpha ~ N(0, 1/width) from the start's seed, Adam (0.9, 0.999, eps 1e-8) with step 1e-2 / (1 + t/500), float64,
full batch (so every recorded objective is exact), two threads (the benchmark machine's cores). The objective is
evaluated before each step, as in the C# trainer; relu's derivative at 0 is 0 in both (the tie rule).
"""
import json
import sys
import time

import torch


def main():
    data, width, beta, seed, max_epochs, max_seconds = sys.argv[1:7]
    width, seed, max_epochs = int(width), int(seed), int(max_epochs)
    beta, max_seconds = float(beta), float(max_seconds)
    torch.set_num_threads(2)
    torch.set_default_dtype(torch.float64)
    with open(data) as f:
        next(f)
        rows = [[float(c) for c in line.split(",")] for line in f if line.strip()]
    table = torch.tensor(rows)
    x = torch.cat([table[:, :-1], torch.ones(len(rows), 1)], dim=1)
    y = table[:, -1]
    d = x.shape[1]
    generator = torch.Generator().manual_seed(seed)
    w = (torch.randn(d, width, generator=generator) / d ** 0.5).requires_grad_()
    alpha = (torch.randn(width, generator=generator) / width ** 0.5).requires_grad_()
    optimizer = torch.optim.Adam([w, alpha], lr=1e-2, betas=(0.9, 0.999), eps=1e-8)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: 1.0 / (1.0 + t / 500.0))

    history, best, epoch = [], float("inf"), 0
    start = time.perf_counter()
    while epoch < max_epochs and time.perf_counter() - start < max_seconds:
        optimizer.zero_grad(set_to_none=True)
        residual = torch.relu(x @ w) @ alpha - y
        objective = 0.5 * residual.dot(residual) + 0.5 * beta * (w.pow(2).sum() + alpha.dot(alpha))
        value = objective.item()
        if value < best:
            best = value
            history.append([time.perf_counter() - start, best])
        objective.backward()
        optimizer.step()
        schedule.step()
        epoch += 1
    print(json.dumps({"history": history, "epochs": epoch, "final": best, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
