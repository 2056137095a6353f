using System.Collections.Immutable;

namespace ConicDsl.Backends;

/// <summary>
/// A point to start from (x, y, s in the standard form's conventions), usually the solution of a neighbouring program
/// with the same shape, e.g. the previous β of a regularization path.
/// </summary>
public sealed record WarmStart(ImmutableArray<double> X, ImmutableArray<double> Y, ImmutableArray<double> S)
{
    public bool Fits(Conic.ConicProgram program) =>
        X.Length == program.Variables && Y.Length == program.Constraints && S.Length == program.Constraints &&
        X.All(double.IsFinite) && Y.All(double.IsFinite) && S.All(double.IsFinite);

    public static WarmStart? From(SolveResult result) =>
        result.X.IsEmpty || result.Y.IsEmpty || result.S.IsEmpty ? null : new WarmStart(result.X, result.Y, result.S);
}

/// <summary>
/// A backend that starts from <see cref="SolverSettings.WarmStart"/> when it fits the program. Backends without this
/// interface ignore it: interior-point methods (native, CVXOPT) gain little from a start off their central path, and
/// ours take none.
/// </summary>
public interface IWarmStartingBackend : ISolverBackend;
