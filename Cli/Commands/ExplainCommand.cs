using System.CommandLine;
using System.Globalization;
using ConicDsl.Cli.Explaining;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Conic.Explanation;

namespace ConicDsl.Cli.Commands;

/// <summary>
/// <c>conicdsl explain FILE.cnn</c>: what the model became — its variables, each constraint family with its count and
/// cone, the objective, and whether the optimum is exact or a bound. Every count is read off the compiled program.
/// </summary>
public static class ExplainCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file" };
        var command = new Command("explain", "print the convex program a model compiles to, in readable math") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, context()));
        return command;
    }

    public static int Run(string path, CliContext context)
    {
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        var compiled = ModelLoading.Compile(model, context);
        if (compiled is null) return ExitCodes.BadInput;
        var program = compiled.Lowered.Program;
        var patterns = compiled.Patterns;
        var o = context.Out;
        string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

        o.WriteLine($"model {model.Name}: {compiled.Lowered.Architecture}, {compiled.Data.Samples} samples, {compiled.Data.Features} features");
        o.WriteLine($"patterns: {patterns.Count} ({patterns.Source}{(patterns.Source == Compiler.Patterns.PatternSet.SourceSample ? $", {patterns.Draws} draws" : "")})");
        o.WriteLine();
        o.WriteLine("minimize   c'x + 1/2 x'Px  subject to  Ax + s = b,  s in K");
        var (linear, quadratic) = ProgramFamilies.ObjectiveTerms(program);
        o.WriteLine("objective");
        o.WriteLine($"  loss         {Compiler.Losses.LossFactory.Convention(model.Loss)}");
        o.WriteLine($"  regularizer  {model.Regularizer.Name}, beta = {Num(model.Regularizer.Beta)}: {RegularizerText(model.Regularizer.Kind)}");
        o.WriteLine($"  linear part  touches {(linear.IsEmpty ? "nothing" : string.Join(", ", linear))}");
        o.WriteLine($"  quadratic    touches {(quadratic.IsEmpty ? "nothing" : string.Join(", ", quadratic))}");
        if (program.ObjectiveConstant != 0) o.WriteLine($"  constant     {Num(program.ObjectiveConstant)}");
        o.WriteLine();
        o.WriteLine($"variables ({program.Variables})");
        foreach (var family in ProgramFamilies.Variables(program))
            o.WriteLine(Line(family, showCone: false));
        o.WriteLine();
        o.WriteLine($"constraints ({program.Constraints} rows: {program.Cones})");
        foreach (var family in ProgramFamilies.Rows(program))
            o.WriteLine(Line(family, showCone: true));
        o.WriteLine();
        o.WriteLine($"size       A {program.A.Rows} x {program.A.Columns}, {program.A.NonZeros} nonzeros; P {program.P?.NonZeros ?? 0} nonzeros");
        o.WriteLine($"claim      {ClaimText(compiled.Lowered.Claim, patterns.Source == Compiler.Patterns.PatternSet.SourceExact)}" +
                    (string.IsNullOrEmpty(compiled.Lowered.ClaimReason) ? "" : $" — {compiled.Lowered.ClaimReason}"));
        if (model.Regularizer.Path is { } betaPath)
            o.WriteLine($"note       the model has a regularization path; this is the program at its first beta ({Num(betaPath.From)}); 'solve' runs all {betaPath.Steps}");
        return ExitCodes.Success;
    }

    private static string Line(BlockFamily family, bool showCone)
    {
        string count = family.Blocks == 1 ? $"{family.Size}" : $"{family.Blocks} x {family.SizeRange} = {family.Size}";
        string cone = showCone ? $"  [{family.Cone}]" : "";
        string meaning = BlockGlossary.Meaning(family.Name) is { } m ? $"  {m}" : "";
        return $"  {family.Name,-30} {count,-20}{cone}{meaning}";
    }

    /// <summary>The penalty on the network's weights (conventions.md), which the program carries as norms of its blocks.</summary>
    private static string RegularizerText(Dsl.Semantics.RegularizerKind kind) => kind switch
    {
        Dsl.Semantics.RegularizerKind.L1Output => "beta * sum_j |a_j| on the output weights (input weights unit-norm)",
        Dsl.Semantics.RegularizerKind.WeightDecayL1Output => "beta/2 * sum_j (||u_j||^2 + ||v_j||_1^2)",
        _ => "beta/2 * (sum of the squared weights)",
    };

    private static string ClaimText(ProgramClaim claim, bool completePatterns) => (claim, completePatterns) switch
    {
        (ProgramClaim.Exact, true) => "exact: the optimum is the global optimum of training (all patterns enumerated)",
        (ProgramClaim.Exact, false) => "exact over the sampled patterns: the optimum is an upper bound on the global optimum",
        (ProgramClaim.LowerBound, true) => "relaxation: the optimum is a lower bound on the global optimum",
        (ProgramClaim.LowerBound, false) => "relaxation over sampled patterns: neither bound is certified",
        _ => "exact for the fixed gates: the global optimum of the gated model with these gates (not the ReLU network's)",
    };
}
