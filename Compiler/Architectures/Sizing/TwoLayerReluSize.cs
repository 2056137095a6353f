using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of <see cref="Lowerings.TwoLayerReluLowering"/>'s program, counted term by term from its layout:
/// variables ŷ (n), v and w (P·d̃ each), their norms (2P) and the output offset; rows: n equalities, 2Pn pattern-cone
/// rows, 2P second-order cones of the penalised coordinates; nonzeros: each nonzero x̃_kj once per pattern in each cone
/// family, and twice per pattern in which sample k is active in the equalities.
/// </summary>
public static class TwoLayerReluSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns)
    {
        var bias = model.Network.Bias;
        var x = data.DesignMatrix(bias != BiasMode.None);
        int n = x.GetLength(0), dt = x.GetLength(1);
        long count = patterns?.Count ?? RequestedPatterns.Count(model.Patterns, x) ?? -1;
        if (count < 0) return null;
        int penalised = bias == BiasMode.Unregularized ? dt - 1 : dt;
        bool offset = bias == BiasMode.Unregularized;

        long designNonZeros = MaskedNonZeros.Bound(x, 1);
        long active = patterns is null ? MaskedNonZeros.Bound(x, count) : MaskedNonZeros.Exact(x, patterns);
        long equalityNonZeros = n + (offset ? n : 0) + 2 * active;
        long variables = n + 2 * count * dt + 2 * count + (offset ? 1 : 0);
        var body = new ProgramShape
        {
            Variables = variables,
            Rows = n + 2 * count * n + 2 * count * (penalised + 1),
            ZeroRows = n,
            NonNegativeRows = 2 * count * n,
            SocBlocks = 2 * count,
            SocRows = 2 * count * (penalised + 1),
            SocSquares = 2 * count * (long)(penalised + 1) * (penalised + 1),
            NonZeros = equalityNonZeros + 2 * count * designNonZeros + 2 * count * (penalised + 1),
            ZeroRowNonZeros = equalityNonZeros,
            // Diagonal, A_z, a clique over each block's d̃ columns (all its cone rows), a clique per norm cone.
            KktEntries = variables + n + equalityNonZeros + 2 * count * ProgramShape.Triangle(dt)
                         + 2 * count * ProgramShape.Triangle(penalised + 1),
            LargestBlockBuffer = count == 0 ? 0 : (long)(penalised + 1) * (penalised + 1),
        };
        var shape = body + PartShapes.Loss(LossFactory.Create(model.Loss), data.Targets());
        long lowering = 8L * n * dt + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, count, patterns is not null,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs), SizeEstimate.PatternSetBytes(count, n, dt), lowering,
            FirstOrderSize.Bytes(n, dt, count, constrained: true));
    }
}
