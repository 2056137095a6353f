using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// What <c>output C</c> with C ≥ 2 needs (math.md §7): the fully connected ReLU network (the only family lowered with
/// vector outputs), <c>relaxation</c> (its exact program is copositive, so the compiler lowers the nuclear-norm
/// relaxation, a lower bound) unless the ℓ1-squared output penalty makes it exact (§7.4), no unregularized bias, a loss that is a sum over the n·C entries of Ŷ, and targets
/// that fit C: C target columns, or one class-label column (whose class count the data binder checks).
/// </summary>
internal static class VectorOutputChecks
{
    /// <summary>Losses that are sums of a scalar loss over every entry of Ŷ; the nuclear-norm program takes any convex
    /// loss of Ŷ, but cross-entropy couples the C outputs of a sample and needs the exponential cone.</summary>
    private static readonly HashSet<LossKind> EntrywiseLosses = [LossKind.Squared, LossKind.Hinge, LossKind.Absolute, LossKind.Huber];

    public const string Shape = "a vector-output network is 'input [bias]', one 'relu M', 'output C' and 'relaxation' " +
                                "(not needed with 'regularize weight_decay_l1_output', whose program is exact)";

    /// <summary>The family for <c>output C</c>, C ≥ 2, given the family the hidden layers resolved to.</summary>
    public static ArchitectureSpec? Resolve(ArchitectureSpec architecture, OutputLayerSyntax output, int outputs,
        InputSpec input, RelaxationSyntax? relaxation, RegularizerKind regularizer, DiagnosticBag diagnostics)
    {
        if (architecture is not FullyConnectedArchitecture fullyConnected)
        {
            SupportedNetworks.Refuse(output.Count,
                $"vector outputs (output {outputs}) are lowered for the fully connected ReLU network only", Shape, diagnostics);
            return null;
        }

        var ok = true;
        if (input.Bias == BiasMode.Unregularized)
        {
            // The relaxation fixes each block's pattern, so a zero-weight unit with a large bias is the unpenalised
            // column D_i·1·bᵀ: as for gated_relu, the infimum is not attained (math.md §2.5, §2.6).
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, input.Span,
                "vector outputs need 'input' or 'input bias': with an unregularized bias the relaxation has no minimizer",
                "write 'input bias' (the bias is penalised with the weights) or 'input'"));
        }

        bool l1Output = regularizer == RegularizerKind.WeightDecayL1Output;
        if (relaxation is null && !l1Output)
        {
            ok = SupportedNetworks.Refuse(output.Count,
                $"with vector outputs (output {outputs}) the exact convex program is copositive (math.md §7.1) and not tractable",
                "add 'relaxation' to the network block to solve the nuclear-norm relaxation (§7.2): a lower bound, " +
                "with the recovered network as an upper bound and an exactness test in the report; or use " +
                "'regularize weight_decay_l1_output β', whose program is exact (§7.4)", diagnostics);
        }

        if (relaxation?.Tight is { } tight && l1Output)
        {
            ok = SupportedNetworks.Refuse(tight,
                "'relaxation tight' has nothing to tighten: with 'weight_decay_l1_output' the program is exact (math.md §7.4)",
                "remove 'relaxation tight'", diagnostics);
        }

        return ok ? new VectorOutputArchitecture(fullyConnected.Layer, outputs, relaxation?.Tight is not null, l1Output) : null;
    }

    /// <summary>Cross-checks the data statement and the loss against the number of outputs.</summary>
    public static bool Check(DataSpec data, NetworkSpec network, LossSpec loss, RegularizerSpec regularizer,
        DiagnosticBag diagnostics)
    {
        var ok = true;
        if (regularizer.Kind == RegularizerKind.WeightDecayL1Output && network.Architecture is not VectorOutputArchitecture)
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownRegularizer, regularizer.Span,
                $"'{KnownNames.WeightDecayL1Output}' is for vector outputs (output C, C ≥ 2) of a 'relu M' network",
                $"with one output it equals '{KnownNames.WeightDecay}': write that"));
        }
        var targets = data.TargetColumns;
        if (targets.Length > 1 && targets.Length != network.Outputs)
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.OutputTargetMismatch, targets[1].Span,
                $"the data statement names {targets.Length} target columns but the network has {network.Outputs} output(s)",
                $"name one target column per output, or one class-label column for 'output {targets.Length}'"));
        }

        if (network.Outputs > 1 && !EntrywiseLosses.Contains(loss.Kind))
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnsupportedLossForOutputs, loss.Span,
                $"the {loss.Kind.ToString().ToLowerInvariant()} loss is not lowered for vector outputs",
                "use squared, hinge (one-vs-all, one hinge per output), absolute or huber; multi-class cross-entropy " +
                "needs the exponential cone and is not available with vector outputs"));
        }

        return ok;
    }
}
