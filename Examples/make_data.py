"""Regenerates the example data files (seeded; run with /usr/bin/python3 Examples/make_data.py)."""
import csv, math, random, os

here = os.path.dirname(os.path.abspath(__file__))

def write(name, header, rows):
    with open(os.path.join(here, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

rng = random.Random(1)
# spline1d: a smooth 1-D target with noise; the optimal ReLU network is a linear spline.
xs = sorted(round(rng.uniform(-2, 2), 4) for _ in range(20))
write("spline1d.csv", ["x", "y"], [(x, round(math.sin(1.5 * x) + 0.3 * x + rng.gauss(0, 0.1), 4)) for x in xs])

# xor: four Gaussian clusters, label = xor of the signs (0/1 labels, mapped to -1/+1 by the tool).
rows = []
for cx, cy in [(1, 1), (-1, -1), (1, -1), (-1, 1)]:
    for _ in range(10):
        x1 = round(cx + rng.gauss(0, 0.35), 4)
        x2 = round(cy + rng.gauss(0, 0.35), 4)
        rows.append((x1, x2, 1 if cx * cy < 0 else 0))
write("xor.csv", ["x1", "x2", "label"], rows)

# signals: 16-sample signals that are one tone, 3 cycles per window, of random amplitude and phase; the label is
# the tone's amplitude. The data excite only the frequency pair ±3, so the optimal circular CNN's filters use only
# that pair (docs/architectures.md, circular CNNs). Full precision, so no rounding noise leaks into other frequencies.
srng = random.Random(16)
rows = []
for _ in range(24):
    amplitude, phase = srng.uniform(0.5, 1.5), srng.uniform(0, 2 * math.pi)
    rows.append([repr(amplitude * math.cos(2 * math.pi * 3 * a / 16 + phase)) for a in range(16)] + [repr(amplitude)])
write("signals.csv", [f"s{a}" for a in range(16)] + ["label"], rows)
