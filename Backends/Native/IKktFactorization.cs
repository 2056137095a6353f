namespace ConicDsl.Backends.Native;

/// <summary>
/// A symmetric quasi-definite matrix that <see cref="KktSystem"/> assembles entry by entry and then factors as LDLᵀ:
/// the first <c>positive</c> pivots (in the caller's numbering) should be positive and the rest negative. A pivot of the
/// wrong sign or tiny size is replaced by ±delta (dynamic regularization); the caller recovers accuracy by iterative
/// refinement. Implemented densely (<see cref="DenseLdl"/>) and sparsely (<see cref="SupernodalLdl"/>, used by the solver;
/// <see cref="SparseLdl"/>, the scalar reference kernel the tests compare it with).
/// </summary>
internal interface IKktFactorization : IKktEntries
{
    /// <summary>Number of pivots replaced in the last <see cref="Factor"/>.</summary>
    int DynamicRegularizations { get; }

    /// <summary>Sets every stored entry to zero.</summary>
    void Clear();

    double MaxAbsDiagonal();

    /// <summary>False when a non-finite number appears.</summary>
    bool Factor(int positive, double epsilon, double delta, CancellationToken stop = default);

    /// <summary>Solves LDLᵀx = b in place.</summary>
    void Solve(Span<double> x);
}
