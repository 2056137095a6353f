using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Pipeline;

namespace ConicDsl.Cli;

/// <summary>
/// <c>solve native method fista|al|ipm|auto</c> (docs/solver.md, "First-order methods"). The interior-point method is
/// the default. <c>auto</c> keeps it while the standard form has at most <see cref="AutoIpmLimit"/> variables (its
/// dense KKT factorisation grows as their cube: docs/solver.md puts the practical ceiling at a few thousand) and
/// otherwise takes R-FISTA (gated) or the augmented Lagrangian (ReLU), when the model can go that route at all.
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

    public static Choice Choose(CompiledModel compiled, string requested)
    {
        if (requested == Ipm) return new Choice(Ipm, "ipm (requested)", null, null);
        var architecture = ArchitectureRegistry.Find(compiled.Model.Network.Architecture) as IStructuredArchitecture;
        var (lowering, refusal) = architecture is null
            ? (null, $"the first-order solvers take the two-layer ReLU and gated ReLU programs only, not {compiled.Lowered.Architecture}")
            : architecture.LowerStructured(compiled.Model, compiled.Data, compiled.Patterns);
        if (lowering is null)
            return requested == Auto
                ? new Choice(Ipm, $"ipm (auto: {refusal})", null, null)
                : new Choice(requested, "", null, refusal);
        var problem = lowering.Problem;
        string natural = problem.Constrained ? GroupLassoSolver.AugmentedLagrangian : GroupLassoSolver.Fista;
        int variables = compiled.Lowered.Program.Variables;
        if (requested == Auto)
            return variables <= AutoIpmLimit
                ? new Choice(Ipm, $"ipm (auto: {variables} standard-form variables, at most {AutoIpmLimit})", null, null)
                : new Choice(natural, $"{natural} (auto: {variables} standard-form variables, above {AutoIpmLimit})", lowering, null);
        if (requested != natural)
            return new Choice(requested, "", null, problem.Constrained
                ? "method fista solves programs without cone constraints (gated_relu); the ReLU program has them: use method al"
                : "method al is for programs with cone constraints (relu); the gated program has none: use method fista");
        return new Choice(natural, $"{natural} (requested)", lowering, null);
    }
}
