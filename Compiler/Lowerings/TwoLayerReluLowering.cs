using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Lowerings;

/// <summary>
/// Two-layer ReLU network, scalar output, weight decay → its exact convex program (math.md §2.2, CVX-FC):
/// <code>
/// minimize L(ŷ) + β Σ_i (t_i + r_i)
/// s.t.  ŷ = Σ_i D_i X̃ (v_i − w_i) [+ b₀]          (zero cone, n rows)
///       (2D_i − I) X̃ v_i ≥ 0, (2D_i − I) X̃ w_i ≥ 0   (nonnegative, 2Pn rows)
///       (t_i, v_i) ∈ SOC, (r_i, w_i) ∈ SOC            (2P cones; bias coordinate left out when unregularised)
/// </code>
/// Keeping ŷ as a variable keeps P diagonal and the matrix sparse (never the dense Gram matrix).
/// </summary>
public static class TwoLayerReluLowering
{
    public const string Architecture = "two_layer_relu";

    public static bool Accepts(Model model) =>
        model.Network.Hidden is [ReluLayerSpec] && model.Network.Outputs == 1;

    public static LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        var bias = model.Network.Bias;
        var x = data.DesignMatrix(bias != BiasMode.None);
        int n = x.GetLength(0), dt = x.GetLength(1), np = patterns.Count;
        int penalised = bias == BiasMode.Unregularized ? dt - 1 : dt;
        double beta = model.Regularizer.Beta;
        var loss = LossFactory.Create(model.Loss);
        var targets = data.Targets();

        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("prediction", n);
        var v = b.AddVariables("v", np * dt);
        var w = b.AddVariables("w", np * dt);
        var tv = b.AddVariables("norm_v", np);
        var tw = b.AddVariables("norm_w", np);
        Block? offset = bias == BiasMode.Unregularized ? b.AddVariables("output_offset", 1) : null;

        var definition = b.AddRows("prediction_definition", ConeKind.Zero, n);
        for (int k = 0; k < n; k++)
        {
            definition.Add(k, yhat.Offset + k, 1.0);
            if (offset is not null) definition.Add(k, offset.Offset, -1.0);
        }
        var coneV = b.AddRows("pattern_cone_v", ConeKind.NonNegative, np * n);
        var coneW = b.AddRows("pattern_cone_w", ConeKind.NonNegative, np * n);
        for (int i = 0; i < np; i++)
        {
            for (int k = 0; k < n; k++)
            {
                bool active = patterns.IsActive(i, k);
                double sigma = active ? 1.0 : -1.0;
                for (int j = 0; j < dt; j++)
                {
                    double xkj = x[k, j];
                    if (xkj == 0) continue;
                    int vi = v.Offset + i * dt + j, wi = w.Offset + i * dt + j;
                    if (active)
                    {
                        definition.Add(k, vi, -xkj);
                        definition.Add(k, wi, xkj);
                    }
                    coneV.Add(i * n + k, vi, sigma * xkj);
                    coneW.Add(i * n + k, wi, sigma * xkj);
                }
            }
        }
        for (int i = 0; i < np; i++)
        {
            EmitNorm(b, $"norm_v[{i}]", tv.Offset + i, v.Offset + i * dt, penalised);
            EmitNorm(b, $"norm_w[{i}]", tw.Offset + i, w.Offset + i * dt, penalised);
            b.AddLinearObjective(tv.Offset + i, beta);
            b.AddLinearObjective(tw.Offset + i, beta);
        }
        loss.Emit(b, yhat, targets);

        var recovery = new TwoLayerReluRecovery(data, patterns, bias, loss, beta, v.Offset, w.Offset, offset?.Offset, dt);
        return new LoweredProgram(Architecture, b.Build(), recovery, ProgramClaim.Exact,
            "two-layer ReLU network, exact convex reformulation (math.md §2.2)");
    }

    private static void EmitNorm(ConicProgramBuilder b, string name, int t, int first, int length)
    {
        var soc = b.AddRows(name, ConeKind.SecondOrder, length + 1);
        soc.Add(0, t, 1.0);
        for (int j = 0; j < length; j++) soc.Add(j + 1, first + j, 1.0);
    }
}
