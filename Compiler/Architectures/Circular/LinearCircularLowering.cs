using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// Linear two-layer circular CNN, f(x) = Σ_j ⟨w_j, c_j ⋆ x⟩ with (β/2)Σ_j(‖c_j‖² + ‖w_j‖²) → math.md §5.4's exact
/// program (CVX-LINCIRC), a group lasso in the real Fourier features:
/// <code>
/// minimize L(ŷ) + β·R(Qρ)    s.t.  ŷ = X Q ρ   (zero cone, n rows)
/// </code>
/// R the spectral gauge (k = 1, groups across channels). A dedicated lowering rather than the §1 program with one
/// block: there are no cones, so the split into v − w would only double the variables.
/// </summary>
public static class LinearCircularLowering
{
    public static LoweredProgram Lower(Dataset data, RealFourierBasis basis, int channels, ILoss loss, double beta)
    {
        var coordinates = SpectralCoordinates.Create(data, basis, channels, circularLayers: 1);
        int n = data.Samples, p = coordinates.Dimension;
        var features = coordinates.Features;
        var penalty = coordinates.Penalty;

        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("prediction", n);
        var rho = b.AddVariables("spectrum", p);
        var definition = b.AddRows("prediction_definition", ConeKind.Zero, n);
        for (int k = 0; k < n; k++)
        {
            definition.Add(k, yhat.Offset + k, 1.0);
            for (int j = 0; j < p; j++)
                if (features[k, j] != 0) definition.Add(k, rho.Offset + j, -features[k, j]);
        }
        penalty.Emit(b, "spectral_gauge", rho.Offset, beta);
        loss.Emit(b, yhat, data.Targets());

        var recovery = new LinearCircularRecovery(data, coordinates, loss, beta, rho.Offset);
        return new LoweredProgram(CircularCnnPlugin.WireName, b.Build(), recovery, ProgramClaim.Exact,
            "linear circular CNN: exact spectral group lasso, one channel attains it (math.md §5.4)");
    }
}
