using System.Collections.Immutable;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// <c>regularize weight_decay path FROM .. TO steps N</c>: N values of β, log-spaced from FROM to TO (both included,
/// 0 &lt; FROM &lt; TO, N ≥ 2), solved in that order.
/// </summary>
public sealed record RegularizationPath(double From, double To, int Steps)
{
    /// <summary>Most β values one path may ask for: each is a full solve.</summary>
    public const int MaxSteps = 1000;

    /// <summary>β_k = FROM·(TO/FROM)^(k/(N−1)), k = 0..N−1; the ends are exactly FROM and TO.</summary>
    public ImmutableArray<double> Betas()
    {
        var betas = ImmutableArray.CreateBuilder<double>(Steps);
        double ratio = Math.Log(To / From);
        for (int k = 0; k < Steps; k++)
            betas.Add(k == 0 ? From : k == Steps - 1 ? To : From * Math.Exp(ratio * k / (Steps - 1)));
        return betas.MoveToImmutable();
    }
}
