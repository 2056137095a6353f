using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli;

/// <summary>
/// <c>solve native method fista|al|ipm|auto</c> (docs/solver.md, "First-order methods"). The interior-point method is
/// the default. <c>auto</c> keeps it while the standard form has at most <see cref="AutoIpmLimit"/> variables (its
/// dense KKT factorisation grows as their cube: docs/solver.md puts the practical ceiling at a few thousand) and
/// otherwise takes R-FISTA (gated) or the augmented Lagrangian (ReLU), when the model can go that route at all.
/// The choice is made before lowering, from the size estimate's variable count, so that the first-order route never
/// builds the standard form.
/// </summary>
public static class NativeMethodChoice
{
    public const string Option = "method";
    public const string Auto = "auto", Ipm = "ipm";
    public const int AutoIpmLimit = 3000;

    /// <param name="Method">ipm, fista or al.</param>
    /// <param name="Note">One line for the report: what was picked and why.</param>
    /// <param name="Refusal">Set when an explicitly requested first-order method cannot take this model.</param>
    public sealed record Choice(string Method, string Note, StructuredLowering? Lowering, string? Refusal);

    /// <summary>Before lowering: the standard form's variable count comes from the plug-in's estimate (exact once the
    /// patterns exist).</summary>
    public static Choice Choose(PreparedModel prepared, string requested) =>
        Choose(prepared.Model, prepared.Architecture, prepared.Data, prepared.Patterns, prepared.Estimate?.Program.Variables, requested);

    /// <summary>On a built standard form (a regularization path lowers one per β).</summary>
    public static Choice Choose(CompiledModel compiled, string requested) =>
        Choose(compiled.Model, ArchitectureRegistry.Find(compiled.Model.Network.Architecture), compiled.Data, compiled.Patterns,
            compiled.Lowered.Program.Variables, requested);

    private static Choice Choose(Model model, IArchitecture? plugIn, Dataset data, PatternSet patterns, long? variables,
        string requested)
    {
        if (requested == Ipm) return new Choice(Ipm, "ipm (requested)", null, null);
        var (lowering, refusal) = plugIn is IStructuredArchitecture architecture
            ? architecture.LowerStructured(model, data, patterns)
            : (null, $"the first-order solvers take the two-layer ReLU and gated ReLU programs only, not {plugIn?.Name}");
        if (lowering is null)
            return requested == Auto
                ? new Choice(Ipm, $"ipm (auto: {refusal})", null, null)
                : new Choice(requested, "", null, refusal);
        var problem = lowering.Problem;
        string natural = problem.Constrained ? GroupLassoSolver.AugmentedLagrangian : GroupLassoSolver.Fista;
        if (requested == Auto)
            return variables is not long count
                ? new Choice(Ipm, "ipm (auto: this network has no size estimate to choose by)", null, null)
                : count <= AutoIpmLimit
                    ? new Choice(Ipm, $"ipm (auto: {count} standard-form variables, at most {AutoIpmLimit})", null, null)
                    : new Choice(natural, $"{natural} (auto: {count} standard-form variables, above {AutoIpmLimit})", lowering, null);
        if (requested != natural)
            return new Choice(requested, "", null, problem.Constrained
                ? "method fista solves programs without cone constraints (gated_relu); the ReLU program has them: use method al"
                : "method al is for programs with cone constraints (relu); the gated program has none: use method fista");
        return new Choice(natural, $"{natural} (requested)", lowering, null);
    }
}
