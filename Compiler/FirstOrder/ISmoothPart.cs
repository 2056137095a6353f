namespace ConicDsl.Compiler.FirstOrder;

/// <summary>The differentiable part f of a composite objective f + β Σ N(θ_j), over a flat variable vector.</summary>
public interface ISmoothPart
{
    int Length { get; }

    double Value(double[] x);

    /// <summary>f(x), writing ∇f(x) into <paramref name="gradient"/>.</summary>
    double ValueAndGradient(double[] x, double[] gradient);
}
