#!/usr/bin/python3
"""Bridge between ConicDsl and CVXOPT.

Usage: cvxopt_bridge.py PROGRAM.json SETTINGS.json RESULT.json

PROGRAM.json is ConicDsl's conicdsl-conic/1 standard form (min c'x + 1/2 x'Px s.t. Ax + s = b, s in
zero^z x nonneg^l x SOC(q...), P upper triangle, CSC). The zero-cone rows become CVXOPT's equalities
(A, b); the other rows become (G, h) with dims {'l', 'q'}. CVXOPT's stationarity is
Px + q + G'z + A'y = 0, the same sign as ConicDsl's Px + c + A'y = 0, so ConicDsl's y is
[y_cvxopt; z_cvxopt] in row order, and s = [0; s_cvxopt].

The result is written to a file (not stdout) so that CVXOPT's progress output can never corrupt it.
Exit status 0 whenever a result file was written; 3 when cvxopt/scipy cannot be imported.
"""
import json
import sys
import time


def fail(path, status, message, code=0):
    with open(path, "w") as f:
        json.dump({"status": status, "message": message}, f)
    sys.exit(code)


def main():
    program_path, settings_path, result_path = sys.argv[1:4]
    try:
        import numpy as np
        import scipy
        import scipy.sparse as sp
        import scipy.sparse.linalg as spla
        import cvxopt
        from cvxopt import solvers, misc
    except ImportError as e:
        fail(result_path, "missing",
             "CVXOPT backend needs python3-cvxopt, python3-scipy and python3-numpy "
             "(apt-get install python3-cvxopt python3-scipy python3-numpy): %s" % e, 3)

    with open(program_path) as f:
        prog = json.load(f)
    with open(settings_path) as f:
        settings = json.load(f)

    n = prog["variables"]
    m = prog["constraints"]
    z = prog["cones"]["z"]
    l = prog["cones"]["l"]
    q = list(prog["cones"]["q"])

    def csc(node):
        return sp.csc_matrix((np.array(node["values"], dtype=float),
                              np.array(node["rowidx"], dtype=np.int64),
                              np.array(node["colptr"], dtype=np.int64)),
                             shape=(node["rows"], node["cols"]))

    A_all = csc(prog["A"])
    b_all = np.array(prog["b"], dtype=float)
    c = np.array(prog["c"], dtype=float)
    if prog.get("P") is not None:
        Pu = csc(prog["P"])
        # Only the upper triangle is stored; the KKT matrix and CVXOPT's products need the full matrix.
        P = (Pu + sp.triu(Pu, k=1).T).tocsc()
    else:
        P = sp.csc_matrix((n, n))
    quadratic = P.nnz > 0

    Aeq = A_all[:z, :].tocsc()
    beq = b_all[:z]
    G = A_all[z:, :].tocsc()
    h = b_all[z:]

    # PSD cones: ConicDsl stores svec(S) (lower triangle by columns, off-diagonals times sqrt 2); CVXOPT stores all
    # n*n entries column-major. Each svec row becomes the (i, j) and (j, i) rows, scaled back by 1/sqrt 2.
    psd = list(prog["cones"].get("s", []))
    svec_rows = sum(k * (k + 1) // 2 for k in psd)
    if psd:
        head = m - z - svec_rows
        rows, scale = [], []
        offset = head
        for k in psd:
            full = [None] * (k * k)
            r = 0
            for j in range(k):
                for i in range(j, k):
                    full[j * k + i] = full[i * k + j] = (offset + r, 1.0 if i == j else 1 / np.sqrt(2))
                    r += 1
            rows.extend(f[0] for f in full)
            scale.extend(f[1] for f in full)
            offset += r
        D = sp.csr_matrix((scale, (np.arange(len(rows)), rows)), shape=(len(rows), m - z))
        keep = sp.eye(head, m - z, format="csr")
        T = sp.vstack([keep, D]).tocsr()
        G = (T @ G).tocsc()
        h = T @ h

    def to_cvx(M):
        coo = M.tocoo()
        return cvxopt.spmatrix(coo.data.tolist(), coo.row.tolist(), coo.col.tolist(), M.shape, tc="d")

    def vec(v):
        return cvxopt.matrix(np.asarray(v, dtype=float).reshape(-1, 1), tc="d")

    dims = {"l": l, "q": q, "s": psd}
    tol = float(settings.get("tolerance", 1e-8))
    options = {
        "show_progress": bool(settings.get("verbose", False)),
        "maxiters": int(settings.get("max_iters", 100)),
        "abstol": tol,
        "reltol": tol,
        "feastol": tol,
        # CVXOPT's own iterative refinement (one step, its default with PSD cones) corrects the packed solve
        # below against the unpacked KKT system: without it the primal residual grew from 1e-14 to 6e-1 once the
        # gap fell under 1e-7 on iris_tight; with it CVXOPT reaches 'optimal'.
        "refinement": int(settings.get("refinement", 1 if psd else 0)),
    }

    # Static regularization keeps the quasi-definite KKT matrix factorizable when A is rank deficient or
    # P + G'G + A'A is singular; iterative refinement against the unregularized matrix removes its bias.
    delta = float(settings.get("kkt_regularization", 1e-10))
    refine_steps = 3
    Gt = G.T.tocsc()
    At = Aeq.T.tocsc()
    ml = l

    # A second-order cone's scaling is W = beta*(2vv' - J), J = diag(1, -1, ..., -1), so
    # W'W = beta^2 * (I + U D U') with U = [v, Jv] and D = [[4v'v, -2], [-2, 0]] (using H^2 with v'Jv = 1/2
    # left symbolic). Dense blocks are fine for small cones; a large cone's dense block would fill the KKT
    # matrix (a 1000-dim cone made each factorization take seconds), so it is lifted with two extra
    # unknowns t = D U' zeta per cone: [-b^2 I, -b^2 U; -b^2 U', b^2 D^-1] keeps the matrix sparse and symmetric.
    dense_soc_limit = 32
    lifted_count = 2 * sum(1 for k in q if k > dense_soc_limit)

    # A second-order cone's scaling is W = beta*(2vv' - J), J = diag(1, -1, ..., -1), hence
    # W'W = beta^2 (I + U D U') with U = [v, Jv], D = [[4v'v, -2], [-2, 0]]. A small cone's block is stored
    # dense; a large one's would fill the KKT matrix (a 1000-dim cone made every factorization take seconds),
    # so it is lifted with two unknowns t = D U' zeta per cone, keeping the matrix sparse and symmetric:
    # [-b^2 I, -b^2 U; -b^2 U', b^2 D^-1].
    # The regularized KKT matrix is symmetric and quasi-definite, so SuperLU's symmetric mode (minimum degree on
    # A'+A, pivots preferred on the diagonal) fills far less than its default COLAMD: 4-5x faster factorizations
    # on a random LP with 1000 variables and 5000 rows, with the same iterates.
    splu_options = settings.get("splu", {"permc_spec": "MMD_AT_PLUS_A", "diag_pivot_thresh": 0.01,
                                         "options": {"SymmetricMode": True}})
    dense_soc_limit = int(settings.get("dense_soc_limit", 32))

    def refined_solve(lu, K, rhs):
        """lu's solution of K u = rhs (lu factors K plus the regularization), then iterative refinement against K."""
        u = lu.solve(rhs)
        for _ in range(refine_steps):
            r = rhs - K @ u
            if not np.all(np.isfinite(r)) or np.max(np.abs(r)) <= 1e-15 * (1 + np.max(np.abs(rhs))):
                break
            u += lu.solve(r)
        return u

    def kktsolver(W):
        blocks = []
        lift = []  # (first zeta row of the cone, U, beta^2, D^-1) for each lifted cone
        if ml > 0:
            d = np.array(W["d"], dtype=float).ravel()
            blocks.append(sp.diags(d * d))
        start = ml
        for beta, v in zip(W["beta"], W["v"]):
            v = np.array(v, dtype=float).ravel()
            k = v.size
            Jv = -v
            Jv[0] = v[0]
            if k <= dense_soc_limit:
                H = beta * (2.0 * np.outer(v, v))
                H[np.diag_indices(k)] += 1.0 * beta
                H[0, 0] -= 2.0 * beta
                blocks.append(sp.csc_matrix(H.T @ H))
            else:
                b2 = beta * beta
                blocks.append(sp.identity(k, format="csc") * b2)
                Dinv = np.array([[0.0, -0.5], [-0.5, -float(v @ v)]])
                lift.append((start, np.column_stack([v, Jv]), b2, Dinv))
            start += k
        WtW = sp.block_diag(blocks, format="csc") if blocks else sp.csc_matrix((0, 0))
        nt = 2 * len(lift)
        if nt:
            rows, cols, vals = [], [], []
            for j, (r0, U, b2, Dinv) in enumerate(lift):
                k = U.shape[0]
                for col in range(2):
                    rows.extend(range(r0, r0 + k))
                    cols.extend([2 * j + col] * k)
                    vals.extend((-b2 * U[:, col]).tolist())
            C = sp.csc_matrix((vals, (rows, cols)), shape=(m - z, nt))
            T = sp.block_diag([b2 * Dinv for (_, _, b2, Dinv) in lift], format="csc")
            K = sp.bmat([[P, At, Gt, None],
                         [Aeq, None, None, None],
                         [G, None, -WtW, C],
                         [None, None, C.T, T]], format="csc")
        else:
            K = sp.bmat([[P, At, Gt],
                         [Aeq, None, None],
                         [G, None, -WtW]], format="csc")
        total = n + m + nt
        reg = np.concatenate([np.full(n, delta), np.full(total - n, -delta)])
        lu = spla.splu((K + sp.diags(reg)).tocsc(), **splu_options)

        def solve(x, y, zz):
            rhs = np.concatenate([np.array(x).ravel(), np.array(y).ravel(), np.array(zz).ravel(), np.zeros(nt)])
            u = refined_solve(lu, K, rhs)
            x[:] = vec(u[:n])
            y[:] = vec(u[n:n + z])
            zz[:] = vec(u[n + z:n + m])
            misc.scale(zz, W)

        return solve

    # With PSD cones the KKT system is solved as CVXOPT's 'ldl' solver states it, in packed storage,
    #   [P, A', Gs'; A, 0, 0; Gs, 0, -I] [ux; uy; W uz] = [bx; by; W^-T bz],  Gs = pack(W^-T G),
    # but factored sparse (the same regularized LDL-like LU and refinement as above). CVXOPT's default for
    # PSD programs ('chol') eliminates A by QR and factors Q2'(P + Gs'Gs)Q2 by Cholesky: squaring Gs squares its
    # condition number, and on iris_tight (20 PSD blocks of order 8, 8700 orthant rows) it stopped with
    # numerical difficulties 1e-8 short of the residual check.
    cdim_packed = l + sum(q) + sum(k * (k + 1) // 2 for k in psd)
    G_dense = cvxopt.matrix(G.toarray(), tc="d") if psd else None

    def packed_kktsolver(W):
        Gs = cvxopt.matrix(G_dense)
        misc.scale(Gs, W, trans="T", inverse="I")
        misc.pack2(Gs, dims)
        Gsp = sp.csc_matrix(np.array(Gs)[:cdim_packed, :])
        K = sp.bmat([[P, At, Gsp.T],
                     [Aeq, None, None],
                     [Gsp, None, -sp.identity(cdim_packed, format="csc")]], format="csc")
        total = n + z + cdim_packed
        reg = np.concatenate([np.full(n, delta), np.full(total - n, -delta)])
        lu = spla.splu((K + sp.diags(reg)).tocsc(), **splu_options)

        def solve(x, y, zz):
            misc.scale(zz, W, trans="T", inverse="I")
            zp = cvxopt.matrix(0.0, (cdim_packed, 1))
            misc.pack(zz, zp, dims)
            rhs = np.concatenate([np.array(x).ravel(), np.array(y).ravel(), np.array(zp).ravel()])
            u = refined_solve(lu, K, rhs)
            x[:] = vec(u[:n])
            y[:] = vec(u[n:n + z])
            misc.unpack(vec(u[n + z:]), zz, dims)

        return solve

    start = time.time()
    cvx_args = dict(G=to_cvx(G), h=vec(h), dims=dims, A=to_cvx(Aeq), b=vec(beq),
                    kktsolver=packed_kktsolver if psd else kktsolver, options=options)
    try:
        if quadratic:
            sol = solvers.coneqp(to_cvx(P), vec(c), **cvx_args)
        else:
            sol = solvers.conelp(vec(c), **cvx_args)
    except (ArithmeticError, ValueError, RuntimeError) as e:
        fail(result_path, "error", "CVXOPT failed: %s" % e)

    def arr(v):
        return [] if v is None else [float(t) for t in np.array(v).ravel()]

    x = arr(sol.get("x"))
    yeq = arr(sol.get("y"))
    zc = arr(sol.get("z"))
    sc = arr(sol.get("s"))
    if psd:
        # Back to svec: diagonal entries as they are, off-diagonal ones as sqrt 2 times the symmetrised entry.
        def to_svec(v):
            if not v:
                return v
            out_v = list(v[:head])
            pos = head
            for k in psd:
                M = np.array(v[pos:pos + k * k]).reshape(k, k, order="F")
                for j in range(k):
                    for i in range(j, k):
                        out_v.append(float(M[i, j]) if i == j else float(np.sqrt(2) * 0.5 * (M[i, j] + M[j, i])))
                pos += k * k
            return out_v
        zc = to_svec(zc)
        sc = to_svec(sc)
    out = {
        "status": sol["status"],
        "iterations": int(sol.get("iterations", 0) or 0),
        "x": x,
        "y": (yeq + zc) if (yeq or zc or m == 0) and len(yeq) + len(zc) == m else [],
        "s": ([0.0] * z + sc) if len(sc) == m - z else [],
        "solve_seconds": time.time() - start,
        "version": "cvxopt %s, scipy %s" % (cvxopt.__version__, scipy.__version__),
        "quadratic": quadratic,
    }
    with open(result_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
