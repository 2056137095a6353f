using ConicDsl.Compiler.Architectures.Quadratic;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of <see cref="QuadraticSdp"/>'s program, counted term by term from its layout: variables ŷ (n, or m after
/// the least-squares reduction), svec Z⁺ and svec Z⁻ (m = k(k+1)/2 each, k = d̃+1); rows: the prediction equalities,
/// two unit-norm trace rows, two PSD cones of order k; nonzeros: ŷ's entries, each nonzero of the lifted map twice,
/// d̃+1 per trace row, m per PSD cone. There are no patterns, so the count is the same before and after "enumeration".
/// The lifted rows are computed one at a time to count their nonzeros (m numbers held at once). The reduced map R can
/// have exact zeros above its diagonal (collinear lifted columns: with the bias coordinate, three are constant), so up
/// to <see cref="ExactReductionBytes"/> of lifted data the reduction is run to count them; above, its full upper
/// triangle is counted (an upper bound).
/// </summary>
public static class QuadraticSize
{
    public static SizeEstimate Estimate(Model model, Dataset data)
    {
        var layer = ((QuadraticArchitecture)model.Network.Architecture).Layer;
        var lift = new QuadraticLift(layer.A, layer.B, layer.C);
        var x = data.DesignMatrix(model.Network.Bias != BiasMode.None);
        int n = x.GetLength(0), d = x.GetLength(1), k = d + 1, m = ConeLayout.SvecLength(k);
        var loss = LossFactory.Create(model.Loss);
        var targets = data.Targets();
        bool reduce = loss is SquaredLoss && n > m;
        int predictions = reduce ? m : n;
        long mapNonZeros = !reduce ? LiftedNonZeros(x, lift)
            : 8L * n * m <= ExactReductionBytes ? ReducedNonZeros(x, lift, targets)
            : (long)m * (m + 1) / 2;

        long equalityNonZeros = predictions + 2 * mapNonZeros + 2L * (d + 1);
        long variables = predictions + 2L * m;
        var body = new ProgramShape
        {
            Variables = variables,
            Rows = predictions + 2 + 2L * m,
            ZeroRows = predictions + 2,
            PsdBlocks = 2,
            PsdRows = 2L * m,
            PsdSquares = 2L * k * k,
            NonZeros = equalityNonZeros + 2L * m,
            ZeroRowNonZeros = equalityNonZeros,
            // Diagonal, A_z, a clique over each PSD cone's m columns.
            KktEntries = variables + predictions + 2 + equalityNonZeros + 2 * ProgramShape.Triangle(m),
            LargestBlockBuffer = (long)m * m,
        };
        var shape = body + PartShapes.Loss(loss, reduce ? targets[..m] : targets);
        // The lifted data (n × m), and with the reduction its working copy and R.
        long lifted = 8L * n * m + (reduce ? 8L * n * m + 8L * m * m : 0);
        long lowering = 8L * n * d + lifted + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, 1, true, SizeEstimate.DatasetBytes(n, data.Features, data.Outputs),
            SizeEstimate.PatternSetBytes(1, n, 1), lowering);
    }

    /// <summary>Lifted data up to this size is reduced to count R's nonzeros exactly (as lowering will, in about the
    /// same time: the estimate is then no cheaper than lowering, but lowering of that size is cheap).</summary>
    public const long ExactReductionBytes = 64L << 20;

    private static long ReducedNonZeros(double[,] x, QuadraticLift lift, double[] targets)
    {
        int n = x.GetLength(0), d = x.GetLength(1), m = ConeLayout.SvecLength(d + 1);
        var lifted = lift.SvecRows(x);
        var (r, _, _) = LeastSquaresReduction.Reduce(lifted, targets);
        long count = 0;
        foreach (double e in r)
            if (e != 0) count++;
        return count;
    }

    private static long LiftedNonZeros(double[,] x, QuadraticLift lift)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var row = new double[d];
        long count = 0;
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < d; j++) row[j] = x[s, j];
            foreach (double e in lift.Svec(row))
                if (e != 0) count++;
        }
        return count;
    }
}
