using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Lowerings;

/// <summary>What a lowering's optimum means for the non-convex training problem it came from.</summary>
public enum ProgramClaim
{
    /// <summary>An exact reformulation: with complete patterns its optimum is the global optimum (math.md §1(b)),
    /// with a subset it is the optimum over networks whose neurons lie in those cones (§1(c)).</summary>
    Exact,
    /// <summary>A relaxation: its optimum is a lower bound (with complete patterns); the recovered network gives an
    /// upper bound, and the recovery says whether the two meet.</summary>
    LowerBound,
    /// <summary>An exact reformulation of a model whose gates the pattern set fixes (gated ReLU, math.md §2.6): its
    /// optimum is the global optimum of that model with those gates, whether the patterns were sampled or complete.
    /// It is not the optimum of the corresponding ReLU network.</summary>
    ExactForGates,
}

/// <summary>The result of lowering a model: one standard-form program and the map back to network weights.</summary>
/// <param name="ClaimReason">One sentence for the report: why the program is exact, or why only a bound.</param>
public sealed record LoweredProgram(
    string Architecture, ConicProgram Program, IRecoveryMap Recovery,
    ProgramClaim Claim = ProgramClaim.Exact, string ClaimReason = "");
