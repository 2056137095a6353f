using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Offered by a plug-in whose program is a group lasso over masked copies of one design matrix (math.md §2.2, §2.6),
/// so the first-order solvers (<see cref="GroupLassoSolver"/>) can take it without the standard form.
/// </summary>
public interface IStructuredArchitecture
{
    /// <summary>The structured problem, or null with the reason when this model cannot take that route (a loss
    /// other than squared, for instance).</summary>
    (StructuredLowering? Lowering, string? Refusal) LowerStructured(Model model, Dataset data, PatternSet patterns);
}
