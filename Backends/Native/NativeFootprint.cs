using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Peak memory of <see cref="InteriorPointSolver"/> for a program. The large term is the factorization of the reduced
/// KKT matrix of order N = n + (zero-cone rows), which <see cref="KktFactorizationChoice"/> makes dense (N² doubles) or
/// sparse (the recorded pattern, the ordering's elimination graph and L), or as the solve option <c>kkt dense|sparse</c>
/// forces (<see cref="NativeBackend"/> passes the mode the solver will read). For a built program
/// <see cref="KktFillAnalysis"/> repeats the choice and counts L exactly; from a <see cref="ProgramShape"/> alone (before
/// the program exists) the choice is made on the shape's bound on the pattern, and L is taken as the pattern itself —
/// a lower estimate of the fill, stated as such in the term's name. Before that, <see cref="EqualityPresolve"/> holds the
/// z equality rows densely, with an orthonormal basis of as many rows and their z × z coefficients: 8·z·(2n + z) bytes,
/// which the lowerings' n-sample equality blocks make large. The rest: the sparse A in three copies (the program,
/// the KKT system's row-wise copy, the presolve's reduced program), about 40 vectors of length n + m (iterates,
/// directions, residuals, the per-iteration check), and the largest cone block's column buffer p·q.
/// Measured against the allocations in Tests/Backends/Native/NativeFootprintTests.cs.
/// </summary>
internal static class NativeFootprint
{
    /// <summary>Per entry of the KKT pattern on the sparse path: the recorded HashSet (≈32 B with its growth), the
    /// sorted entry list (8 B), the ordering's adjacency sets (both directions, ≈32 B) and the factorization's permuted
    /// upper triangle (index and value, 12 B).</summary>
    public const long BytesPerPatternEntry = 84;

    /// <summary>Per entry of L: index and value (12 B), plus the fill edge the ordering's elimination graph holds in
    /// both directions (≈32 B).</summary>
    public const long BytesPerFactorEntry = 44;

    public static MemoryFootprint Estimate(ConicProgram program, KktFactorization mode = KktFactorization.Auto)
    {
        var shape = ProgramShape.Of(program);
        var plan = KktFillAnalysis.Analyze(program, mode);
        var factor = plan.Sparse
            ? (BytesPerPatternEntry * plan.PatternEntries + BytesPerFactorEntry * plan.FactorNonZeros,
                $"the sparse KKT factorization of order {plan.Order:N0} ({plan.PatternEntries:N0} pattern entries, {plan.Reason})")
            : Dense(shape.KktOrder, plan.Reason);
        return Sum(shape, factor);
    }

    public static MemoryFootprint Estimate(ProgramShape shape, KktFactorization mode = KktFactorization.Auto)
    {
        long order = shape.KktOrder;
        double lowerTriangle = 0.5 * order * (order + 1.0);
        bool auto = mode == KktFactorization.Auto;
        if (mode == KktFactorization.Dense) return Sum(shape, Dense(order, "kkt dense asked for"));
        if (auto && order < KktFactorizationChoice.SmallOrder) return Sum(shape, Dense(order, $"order below {KktFactorizationChoice.SmallOrder}"));
        if (auto && shape.KktEntries > KktFactorizationChoice.DensePatternFraction * lowerTriangle)
            return Sum(shape, Dense(order, $"pattern of at most {shape.KktEntries:N0} entries"));
        return Sum(shape, ((BytesPerPatternEntry + BytesPerFactorEntry) * shape.KktEntries,
            $"the sparse KKT factorization of order {order:N0} (at most {shape.KktEntries:N0} pattern entries; fill of L not counted before the program is built)"));
    }

    private static (long Bytes, string Name) Dense(long order, string why) =>
        (8 * order * order, $"the dense KKT matrix of order {order:N0} (variables + equality rows; {why})");

    private static MemoryFootprint Sum(ProgramShape shape, (long Bytes, string Name) factor)
    {
        long sparse = 3 * 12 * shape.TotalNonZeros;
        long vectors = 8L * 40 * (shape.Variables + shape.Rows);
        long block = 8 * shape.LargestBlockBuffer;
        long presolve = 8 * shape.ZeroRows * (2 * shape.Variables + shape.ZeroRows);
        var terms = new (long Bytes, string Name)[]
        {
            factor,
            (presolve, $"the equality presolve's dense rows ({shape.ZeroRows:N0} equalities)"),
            (sparse, "the sparse constraint matrix"),
            (vectors, "the iterate vectors"),
            (block, "the largest cone block's column buffer"),
        };
        string largest = terms.MaxBy(t => t.Bytes).Name;
        return new MemoryFootprint(shape.Variables, shape.Rows, shape.TotalNonZeros, terms.Sum(t => t.Bytes), largest);
    }
}
