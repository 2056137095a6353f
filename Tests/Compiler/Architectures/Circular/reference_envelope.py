"""Independent reference for DeepCircularTests: math.md §5.6's L = 4 example (verify/t4_deep_circ.py's data,
default_rng(3)) with the convex envelope of SpectralGauge: pair groups weighted 2^{(k-1)/2} = sqrt(2) more than
t4's unweighted l1 surrogate. Built and solved by /work/shared/docs/verify/common.py (its own incremental-LP region
enumeration and CVXOPT coneqp at 1e-10). Run: /usr/bin/python3 reference_envelope.py"""
import sys
import numpy as np
sys.path.insert(0, '/work/shared/docs/verify')
from common import enumerate_regions, real_fourier_basis, solve_general_socp

rng = np.random.default_rng(3)
n, d, beta = 8, 4, 0.05
X = rng.standard_normal((n, d)); y = rng.standard_normal(n)
D = enumerate_regions(X); D = D[:, D.sum(0) > 0]; P = D.shape[1]
Q, fg = real_fourier_basis(d)
for pair_scale, name in ((1.0, "unweighted l1 (t4)"), (np.sqrt(2), "envelope")):
    blocks, cons, groups, off = [], [], [], 0
    for i in range(P):
        Di = np.diag(D[:, i]); K = (2 * Di - np.eye(n)) @ X
        for sgn in (1, -1):
            blocks.append(sgn * Di @ X @ Q)
            M = np.zeros((n, 2 * P * d)); M[:, off:off + d] = K @ Q; cons.append(M)
            for idx, w in fg: groups.append((np.array(idx) + off, w / d * (pair_scale if len(idx) == 2 else 1)))
            off += d
    print(name, repr(solve_general_socp(np.hstack(blocks), y, beta, groups, np.vstack(cons))[1]))
