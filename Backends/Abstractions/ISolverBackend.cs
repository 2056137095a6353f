using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends;

/// <summary>
/// A thin adapter from the one standard form to one solver. Backends know nothing about neural networks.
/// Adding a solver is one class implementing this interface plus one line in <see cref="BackendRegistry"/>.
/// </summary>
public interface ISolverBackend
{
    /// <summary>The word used in <c>solve NAME</c> and <c>--backend NAME</c>.</summary>
    string Name { get; }

    /// <summary>Options accepted in the model's solve statement: name, kind of value, meaning and default.</summary>
    IReadOnlyList<OptionInfo> Options { get; }

    /// <summary>Null when the program can be solved by this backend, else why not (e.g. "no PSD cone").</summary>
    string? Rejects(ConicProgram program);

    SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default);
}
