using System.Collections.Immutable;
using System.Numerics;
using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Data;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>
/// math.md §5.1–§5.3, §5.5 item 3 and §5.6 against first principles: every reference here is computed by its
/// definition (explicit DFT sums, explicit circular convolutions), never through the compiler's transform. This is
/// also the numerical check of the 2-D statements math.md leaves unchecked, and of the k ≥ 2 envelope.
/// </summary>
public class SpectralAlgebraTests
{
    private static readonly (int Rows, int Columns)[] Grids = { (1, 4), (1, 5), (1, 6), (2, 2), (2, 3), (3, 4) };

    /// <summary>(Fv)_q = Σ_a v_a e^{−2πi(q₁a₁/d₁ + q₂a₂/d₂)}/√d, by the sum.</summary>
    private static Complex[] Dft(double[] v, int rows, int columns)
    {
        int d = rows * columns;
        var z = new Complex[d];
        for (int q1 = 0; q1 < rows; q1++)
        for (int q2 = 0; q2 < columns; q2++)
        {
            Complex s = 0;
            for (int a1 = 0; a1 < rows; a1++)
            for (int a2 = 0; a2 < columns; a2++)
                s += v[a1 * columns + a2] * Complex.Exp(new Complex(0, -2 * Math.PI * ((double)q1 * a1 / rows + (double)q2 * a2 / columns)));
            z[q1 * columns + q2] = s / Math.Sqrt(d);
        }
        return z;
    }

    /// <summary>(c ⊛ w)_a = Σ_b c_b w_{a−b}, by the sum.</summary>
    private static double[] Convolve(double[] c, double[] w, int rows, int columns)
    {
        var r = new double[c.Length];
        for (int a1 = 0; a1 < rows; a1++)
        for (int a2 = 0; a2 < columns; a2++)
        for (int b1 = 0; b1 < rows; b1++)
        for (int b2 = 0; b2 < columns; b2++)
            r[a1 * columns + a2] += c[b1 * columns + b2] * w[(a1 - b1 + rows) % rows * columns + (a2 - b2 + columns) % columns];
        return r;
    }

    private static double Norm(IEnumerable<double> v) => Math.Sqrt(v.Sum(e => e * e));

    private static double[] Gaussian(Random rng, int d) =>
        Enumerable.Range(0, d).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();

    private static bool SelfConjugate(int q, int rows, int columns) =>
        2 * (q / columns) % rows == 0 && 2 * (q % columns) % columns == 0;

    /// <summary>‖V_q‖ = ‖((F v_ch)_q)_ch‖ for every q.</summary>
    private static double[] FrequencyNorms(double[][] v, int rows, int columns)
    {
        var spectra = v.Select(ch => Dft(ch, rows, columns)).ToArray();
        return Enumerable.Range(0, rows * columns).Select(q => Math.Sqrt(spectra.Sum(s => s[q].Magnitude * s[q].Magnitude))).ToArray();
    }

    /// <summary>The envelope N of <see cref="SpectralGauge"/>, written from its formula in ‖V_q‖ terms.</summary>
    private static double Envelope(double[][] v, int rows, int columns, int k)
    {
        var norms = FrequencyNorms(v, rows, columns);
        double sum = 0;
        for (int q = 0; q < norms.Length; q++) sum += (SelfConjugate(q, rows, columns) ? 1 : Math.Pow(2, (k - 1) / 2.0)) * norms[q];
        return Math.Pow(rows * columns, -k / 2.0) * sum;
    }

    /// <summary>G(v) = (Σ_q (d^{−k/2}‖V_q‖)^p)^{1/p}, p = 2/(k+1).</summary>
    /// <param name="exactZeros">Treat ‖V_q‖ below 1e-12 of the largest as the exact zero it stands for: rounding
    /// leaks ~1e-17 into absent frequencies, which the quasi-norm (p &lt; 1) would lift to ~ε^p.</param>
    private static double Gauge(double[][] v, int rows, int columns, int k, bool exactZeros = false)
    {
        double p = 2.0 / (k + 1), scale = Math.Pow(rows * columns, -k / 2.0);
        var norms = FrequencyNorms(v, rows, columns);
        double largest = norms.Max();
        return Math.Pow(norms.Where(n => !exactZeros || n > 1e-12 * largest).Sum(n => Math.Pow(scale * n, p)), 1 / p);
    }

    private static Dataset RandomData(Random rng, int n, int features)
    {
        var x = new double[n, features];
        for (int k = 0; k < n; k++)
        {
            var row = Gaussian(rng, features);
            for (int j = 0; j < features; j++) x[k, j] = row[j];
        }
        return new Dataset("random", Enumerable.Range(0, features).Select(j => $"x{j}").ToImmutableArray(), "y", x, new double[n], null, null);
    }

    [Test]
    public void BasisIsOrthonormalWithOneClassPerConjugatePair()
    {
        foreach (var (rows, columns) in Grids)
        {
            var basis = RealFourierBasis.Create(rows, columns);
            int d = rows * columns;
            for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double dot = 0;
                for (int a = 0; a < d; a++) dot += basis[a, i] * basis[a, j];
                Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(1e-12), $"{rows}x{columns} columns {i},{j}");
            }
            int self = Enumerable.Range(0, d).Count(q => SelfConjugate(q, rows, columns));
            Assert.That(basis.Classes.Count(c => c.SelfConjugate), Is.EqualTo(self), $"{rows}x{columns}: (up to 4) self-conjugate frequencies");
            Assert.That(basis.Classes.Count, Is.EqualTo(self + (d - self) / 2));
        }
    }

    [Test]
    public void TransformIsTheUnitaryDftOnRowMajorGrids()
    {
        var rng = new Random(1);
        foreach (var (rows, columns) in Grids)
        {
            var v = Gaussian(rng, rows * columns);
            var expected = Dft(v, rows, columns);
            var actual = UnitaryDft.Forward(v, rows, columns);
            for (int q = 0; q < v.Length; q++)
                Assert.That((actual[q] - expected[q]).Magnitude, Is.LessThan(1e-12), $"{rows}x{columns} q={q}");
            var back = UnitaryDft.InverseReal(actual, rows, columns);
            for (int a = 0; a < v.Length; a++) Assert.That(back[a], Is.EqualTo(v[a]).Within(1e-12));
        }
    }

    [Test]
    public void ConvolutionTheoremAndCorrelationAdjoint()
    {
        var rng = new Random(2);
        foreach (var (rows, columns) in Grids)
        {
            int d = rows * columns;
            double[] c = Gaussian(rng, d), w = Gaussian(rng, d), x = Gaussian(rng, d);
            var lhs = Dft(Convolve(c, w, rows, columns), rows, columns);
            Complex[] fc = Dft(c, rows, columns), fw = Dft(w, rows, columns);
            for (int q = 0; q < d; q++)
                Assert.That((lhs[q] - Math.Sqrt(d) * fc[q] * fw[q]).Magnitude, Is.LessThan(1e-10), "F(c ⊛ w) = √d (Fc)⊙(Fw)");
            // ⟨w, c ⋆ x⟩ = ⟨c ⊛ w, x⟩: the network's correlation layer has effective vector c ⊛ w.
            var corr = new double[d];
            ConicDsl.Compiler.Architectures.Circular.CircularCorrelation.Accumulate(c, x, rows, columns, corr);
            double left = w.Zip(corr, (a, b) => a * b).Sum(), right = Convolve(c, w, rows, columns).Zip(x, (a, b) => a * b).Sum();
            Assert.That(left, Is.EqualTo(right).Within(1e-10));
        }
    }

    [Test]
    public void PenaltyIsTheGroupedFourierNormAndFeaturesAreXv()
    {
        var rng = new Random(3);
        foreach (var (rows, columns) in Grids)
        foreach (int channels in new[] { 1, 3 })
        foreach (int k in new[] { 1, 2, 3 })
        {
            int d = rows * columns;
            var data = RandomData(rng, 5, channels * d);
            var coordinates = SpectralCoordinates.Create(data, RealFourierBasis.Create(rows, columns), channels, k);
            Assert.That(coordinates.Dimension, Is.EqualTo(channels * d), "random data excite every frequency");
            var theta = Gaussian(rng, coordinates.Dimension);
            var v = coordinates.Synthesize(theta);
            Assert.That(Norm(v.SelectMany(e => e)), Is.EqualTo(Norm(theta)).Within(1e-12), "Q is orthonormal");
            Assert.That(coordinates.Penalty.Evaluate(theta), Is.EqualTo(Envelope(v, rows, columns, k)).Within(1e-12),
                $"{rows}x{columns}, C={channels}, k={k}");
            for (int s = 0; s < 5; s++)
            {
                double xv = 0, features = 0;
                for (int j = 0; j < channels * d; j++) xv += data.Feature(s, j) * v[j / d][j % d];
                for (int e = 0; e < theta.Length; e++) features += coordinates.Features[s, e] * theta[e];
                Assert.That(features, Is.EqualTo(xv).Within(1e-12));
            }
        }
    }

    [Test]
    public void FrequenciesTheDataNeverExciteAreLeftOut()
    {
        const int d = 16;
        var rng = new Random(4);
        var x = new double[6, d];
        for (int s = 0; s < 6; s++)
        {
            double phase = 2 * Math.PI * rng.NextDouble();
            for (int a = 0; a < d; a++) x[s, a] = Math.Cos(2 * Math.PI * 3 * a / d + phase);
        }
        var data = new Dataset("tone", Enumerable.Range(0, d).Select(j => $"s{j}").ToImmutableArray(), "y", x, new double[6], null, null);
        var basis = RealFourierBasis.Create(1, d);
        var coordinates = SpectralCoordinates.Create(data, basis, 1, 1);
        Assert.That(coordinates.Kept.Select(g => basis.Classes[g].Column), Is.EqualTo(new[] { 3 }));
        Assert.That(coordinates.Dimension, Is.EqualTo(2));
    }

    [Test]
    public void FactorizationRealisesVAtTheGaugeWithUnitFilters()
    {
        var rng = new Random(5);
        foreach (var (rows, columns) in Grids)
        foreach (int channels in new[] { 1, 2 })
        foreach (int k in new[] { 1, 2, 3 })
        {
            int d = rows * columns;
            var v = Enumerable.Range(0, channels).Select(_ => Gaussian(rng, d)).ToArray();
            var f = SpectralFactorization.Of(v, rows, columns, k);
            string where = $"{rows}x{columns}, C={channels}, k={k}";
            Assert.That(Norm(f.FirstFilters.SelectMany(r => r)), Is.EqualTo(1).Within(1e-12), where);
            Assert.That(f.LaterFilters, Has.Length.EqualTo(k - 1));
            foreach (var c in f.LaterFilters) Assert.That(Norm(c), Is.EqualTo(1).Within(1e-12), where);
            double gauge = Gauge(v, rows, columns, k);
            Assert.That(f.Gauge, Is.EqualTo(gauge).Within(1e-12 * gauge), where);
            Assert.That(Norm(f.Dense), Is.EqualTo(gauge).Within(1e-10 * gauge), $"‖w‖ = G(v): {where}");
            if (k == 1)
                Assert.That(gauge, Is.EqualTo(FrequencyNorms(v, rows, columns).Sum() / Math.Sqrt(d)).Within(1e-12 * gauge), "k = 1: G = R (math.md §5.2)");
            var chain = f.Dense;
            foreach (var c in f.LaterFilters) chain = Convolve(c, chain, rows, columns);
            for (int ch = 0; ch < channels; ch++)
            {
                var realised = Convolve(f.FirstFilters[ch], chain, rows, columns);
                for (int a = 0; a < d; a++) Assert.That(realised[a], Is.EqualTo(v[ch][a]).Within(1e-10), $"c₁ ⊛ … ⊛ w = v: {where}");
            }
            if (channels == 1)
            {
                var c = f.FirstFilters[0];
                for (int a1 = 0; a1 < rows; a1++)
                for (int a2 = 0; a2 < columns; a2++)
                    Assert.That(c[a1 * columns + a2], Is.EqualTo(c[(rows - a1) % rows * columns + (columns - a2) % columns]).Within(1e-12),
                        "one channel: the filter is even (Minimizer A), so correlation and convolution agree");
            }
        }
    }

    /// <summary>
    /// The inequalities behind exactness (k = 1) and the lower bound (k ≥ 2): for ANY real unit-norm filters and
    /// dense weights, ‖w‖ ≥ G(v) ≥ N(v); with equality G = N on a single frequency class. Random factorisations on
    /// 1-D and 2-D grids, one and two channels.
    /// </summary>
    [Test]
    public void NoFactorizationBeatsTheGaugeAndTheEnvelopeIsBelowIt()
    {
        var rng = new Random(6);
        foreach (var (rows, columns) in Grids)
        foreach (int channels in new[] { 1, 2 })
        foreach (int k in new[] { 1, 2, 3 })
        {
            int d = rows * columns;
            for (int trial = 0; trial < 50; trial++)
            {
                var first = Enumerable.Range(0, channels).Select(_ => Gaussian(rng, d)).ToArray();
                double firstNorm = Norm(first.SelectMany(r => r));
                first = first.Select(r => r.Select(e => e / firstNorm).ToArray()).ToArray();
                var chain = Gaussian(rng, d);
                double wNorm = Norm(chain);
                for (int l = 2; l <= k; l++)
                {
                    var c = Gaussian(rng, d);
                    double cn = Norm(c);
                    chain = Convolve(c.Select(e => e / cn).ToArray(), chain, rows, columns);
                }
                var v = first.Select(c => Convolve(c, chain, rows, columns)).ToArray();
                double gauge = Gauge(v, rows, columns, k), envelope = Envelope(v, rows, columns, k);
                Assert.That(wNorm, Is.GreaterThanOrEqualTo(gauge * (1 - 1e-12)), $"{rows}x{columns} C={channels} k={k}");
                Assert.That(gauge, Is.GreaterThanOrEqualTo(envelope * (1 - 1e-12)));
            }
            var basis = RealFourierBasis.Create(rows, columns);
            foreach (var cls in basis.Classes)
            {
                var atom = Enumerable.Range(0, channels).Select(_ =>
                {
                    var rho = new double[d];
                    foreach (var j in cls.Columns) rho[j] = Gaussian(rng, 1)[0];
                    return basis.Synthesize(rho);
                }).ToArray();
                double gaugeOfAtom = Gauge(atom, rows, columns, k, exactZeros: true);
                Assert.That(Envelope(atom, rows, columns, k), Is.EqualTo(gaugeOfAtom).Within(1e-12 * gaugeOfAtom),
                    $"single class {cls.Label(rows > 1)}: envelope = gauge");
            }
        }
    }
}
