using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of <see cref="GatedReluPlugin"/>'s program: <see cref="ConeBlockSize"/> with one unsigned block of d̃
/// coordinates per pattern, map D_i X̃, no membership rows, the Euclidean norm as penalty. Lowering also holds each
/// block's map as a dense n × d̃ array (kept by the recovery), 8·n·d̃ bytes per pattern.
/// </summary>
public static class GatedReluSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns)
    {
        var x = data.DesignMatrix(model.Network.Bias != BiasMode.None);
        int n = x.GetLength(0), d = x.GetLength(1);
        long count = patterns?.Count ?? RequestedPatterns.Count(model.Patterns, x) ?? -1;
        if (count < 0) return null;
        long mapNonZeros = patterns is null ? MaskedNonZeros.Bound(x, count) : MaskedNonZeros.Exact(x, patterns);
        var shape = ConeBlockSize.Shape(n, count, GroupNormPenalty.Euclidean(d), LossFactory.Create(model.Loss), data.Targets(),
            mapNonZeros, membershipRows: 0, membershipNonZeros: 0, constrainedBlocks: 0, signed: false, freeOutputOffset: false);
        long lowering = 8L * n * d + 8L * n * d * count + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, count, patterns is not null,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs), SizeEstimate.PatternSetBytes(count, n, d), lowering,
            FirstOrderSize.Bytes(n, d, count, constrained: false));
    }
}
