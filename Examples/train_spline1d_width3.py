"""Writes spline1d_width3.json: a 3-unit ReLU network trained on spline1d.csv by full-batch Adam (numpy only), in the
units of spline1d.cnn (½Σ(f−y)² + (0.01/2)·Σ(‖w‖² + b² + a²), input bias regularized). Three units are too few for
this data (the optimum uses more), so `conicdsl certify spline1d.cnn spline1d_width3.json` says it is not optimal.
Run: python3 train_spline1d_width3.py (deterministic: seed 0)."""
import json, numpy as np

data = np.loadtxt("spline1d.csv", delimiter=",", skiprows=1)
x, y = data[:, :1], data[:, 1]
beta, m = 0.01, 3
rng = np.random.default_rng(0)
theta = {"w": rng.standard_normal((m, 1)), "b": rng.standard_normal(m) * 0.5, "a": rng.standard_normal(m) * 0.5}

def objective_and_gradient(t):
    z = x @ t["w"].T + t["b"]
    h = np.maximum(z, 0)
    f = h @ t["a"]
    e = f - y
    active = (z > 0) * t["a"]
    grad = {"w": (e[:, None] * active).T @ x + beta * t["w"], "b": (e[:, None] * active).sum(0) + beta * t["b"],
            "a": h.T @ e + beta * t["a"]}
    value = 0.5 * e @ e + 0.5 * beta * sum(np.sum(v * v) for v in t.values())
    return value, grad

moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in theta.items()}
steps = 20000
for step in range(1, steps + 1):
    value, grad = objective_and_gradient(theta)
    lr = 0.02 * 0.5 ** np.floor(6 * step / steps)
    for k in theta:
        m1, m2 = moments[k]
        m1[:] = 0.9 * m1 + 0.1 * grad[k]
        m2[:] = 0.999 * m2 + 0.001 * grad[k] ** 2
        theta[k] -= lr * (m1 / (1 - 0.9 ** step)) / (np.sqrt(m2 / (1 - 0.999 ** step)) + 1e-12)

value, _ = objective_and_gradient(theta)
network = {
    "format": "conicdsl-network/1",
    "architecture": "two_layer_relu",
    "features": ["x"],
    "layers": [
        {"kind": "dense_relu", "weights": theta["w"].tolist(), "biases": theta["b"].tolist(), "bias_mode": "regularized"},
        {"kind": "dense_linear", "weights": theta["a"].tolist(), "bias": 0.0},
    ],
    "objective": float(value),
}
with open("spline1d_width3.json", "w") as out:
    json.dump(network, out, indent=2)
    out.write("\n")
print("objective", value)
