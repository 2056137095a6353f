using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of the circular CNN's programs, from its real Fourier features F = XQ (n × p, computed here as lowering
/// computes them: the size of the data times its channels). With a ReLU (<see cref="CircularReluLowering"/>):
/// <see cref="ConeBlockSize"/> with one signed block per pattern, map D_i F, membership (2D_i − I)F (n rows), the
/// spectral gauge as penalty. Linear (<see cref="LinearCircularLowering"/>): variables ŷ and ρ (p), n equalities with
/// ŷ's entries and F's nonzeros, one gauge.
/// </summary>
public static class CircularSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns, RealFourierBasis basis)
    {
        var spec = (CircularCnnArchitecture)model.Network.Architecture;
        var coordinates = SpectralCoordinates.Create(data, basis, model.Network.Input.Channels, spec.Relu ? spec.Convs.Length : 1);
        var features = coordinates.Features;
        int n = data.Samples, p = coordinates.Dimension;
        long featureNonZeros = MaskedNonZeros.Bound(features, 1);
        var loss = LossFactory.Create(model.Loss);
        var targets = data.Targets();
        long count;
        ProgramShape shape;
        if (spec.Relu)
        {
            count = patterns?.Count ?? RequestedPatterns.Count(model.Patterns, data.DesignMatrix(false)) ?? -1;
            if (count < 0) return null;
            long mapNonZeros = patterns is null ? MaskedNonZeros.Bound(features, count) : MaskedNonZeros.Exact(features, patterns);
            shape = ConeBlockSize.Shape(n, count, coordinates.Penalty, loss, targets, mapNonZeros,
                membershipRows: count * n, membershipNonZeros: count * featureNonZeros, constrainedBlocks: n > 0 ? count : 0,
                signed: true, freeOutputOffset: false);
        }
        else
        {
            count = 1;
            long equalityNonZeros = n + featureNonZeros;
            var body = new ProgramShape
            {
                Variables = n + p,
                Rows = n,
                ZeroRows = n,
                NonZeros = equalityNonZeros,
                ZeroRowNonZeros = equalityNonZeros,
                KktEntries = n + p + n + equalityNonZeros,
            };
            shape = body + PartShapes.Penalty(coordinates.Penalty) + PartShapes.Loss(loss, targets);
        }
        // F, and with a ReLU each block's dense map and membership (kept by the recovery).
        long blocks = spec.Relu ? 2 * 8L * count * n * p : 0;
        long lowering = 8L * n * p + blocks + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, count, patterns is not null || !spec.Relu,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs), SizeEstimate.PatternSetBytes(count, n, data.Features), lowering);
    }
}
