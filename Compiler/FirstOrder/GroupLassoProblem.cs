namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// The structured form of the two-layer programs before any stuffing into the standard form (math.md §2.2, §2.6),
/// squared loss ½‖ŷ − y‖²:
/// <code>
/// gated (no cone constraints):  minimize ½‖Σ_i D_i X̃ u_i − y‖² + β Σ_i N(u_i)
/// ReLU  (Constrained):          minimize ½‖Σ_i D_i X̃ (v_i − w_i) [+ b₀] − y‖² + β Σ_i (N(v_i) + N(w_i))
///                               s.t. (2D_i − I) X̃ v_i ≥ 0, (2D_i − I) X̃ w_i ≥ 0
/// </code>
/// N is the Euclidean norm of the first <see cref="PenalizedColumns"/> coordinates (all of them, or all but the
/// bias coordinate for an unregularized hidden bias, §2.5). D_i is never formed: <see cref="Masks"/> holds its
/// diagonal as one byte per sample and pattern.
/// </summary>
/// <param name="Design">X̃, n×d row-major.</param>
/// <param name="Masks">n×P row-major, 1 where sample s is active in pattern i, else 0.</param>
/// <param name="FreeOutputOffset">An unpenalized scalar b₀ added to every prediction (unregularized bias, §2.5).</param>
public sealed record GroupLassoProblem(
    int Samples, int Features, int Patterns, double[] Design, byte[] Masks, double[] Targets, double Beta,
    int PenalizedColumns, bool Constrained, bool FreeOutputOffset)
{
    /// <summary>Number of d-blocks the solver carries: P for gated, 2P (the v's then the w's) for ReLU.</summary>
    public int Blocks => Constrained ? 2 * Patterns : Patterns;

    public void Validate()
    {
        if (Samples <= 0 || Features <= 0 || Patterns <= 0) throw new ArgumentException("empty problem");
        if (Design.Length != Samples * Features) throw new ArgumentException("design matrix has the wrong size");
        if (Masks.Length != Samples * Patterns) throw new ArgumentException("mask matrix has the wrong size");
        if (Targets.Length != Samples) throw new ArgumentException("targets have the wrong size");
        if (PenalizedColumns < 0 || PenalizedColumns > Features) throw new ArgumentException("penalized columns out of range");
        if (!(Beta > 0)) throw new ArgumentException("β must be positive");
    }
}
