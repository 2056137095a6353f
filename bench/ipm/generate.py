#!/usr/bin/python3
"""Writes the two sparse-IPM programs of docs/performance.md ("The sparse interior-point solver at tens of
thousands of variables") into a directory: seeded Gaussian data through a planted 5-unit ReLU teacher plus noise,
and one model file each (relu P, bias, squared loss, beta = 0.1, P sampled patterns, native IPM with the sparse KKT).

    /usr/bin/python3 bench/ipm/generate.py DIR && cd DIR && conicdsl solve a.cnn && conicdsl solve b.cnn
"""
import os
import sys

import numpy as np

PROGRAMS = {"a": (200, 10, 1000), "b": (500, 20, 500)}  # name: (samples n, features d, sampled patterns P)


def write(directory, name, n, d, patterns):
    rng = np.random.default_rng(n + d)
    x = rng.standard_normal((n, d))
    w = rng.standard_normal((d, 5)) / np.sqrt(d)
    a = rng.standard_normal(5)
    y = np.maximum(x @ w, 0) @ a + 0.1 * rng.standard_normal(n)
    data = f"d{n}_{d}.csv"
    with open(os.path.join(directory, data), "w") as f:
        f.write(",".join([f"x{j}" for j in range(d)] + ["y"]) + "\n")
        for i in range(n):
            f.write(",".join(repr(float(v)) for v in list(x[i]) + [y[i]]) + "\n")
    with open(os.path.join(directory, f"{name}.cnn"), "w") as f:
        f.write(f"""model m {{
  data "{data}" target y
  network {{
    input bias
    relu {patterns}
    output 1
  }}
  loss squared
  regularize weight_decay 0.1
  arrangements sample {patterns} seed 1
  solve native method ipm kkt sparse
}}
""")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, (n, d, p) in PROGRAMS.items():
        write(out, name, n, d, p)
