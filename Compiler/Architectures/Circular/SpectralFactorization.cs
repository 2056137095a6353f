using System.Numerics;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// The weights of one unit realising a given effective vector v (C channels × d) with the fewest dense weights:
/// k circular layers with unit-norm filters c₁ (C × d, ‖c₁‖_F = 1) and c₂ … c_k (d each, ‖c_l‖ = 1), then the dense
/// weights w with v_ch = c_{1,ch} ⊛ c₂ ⊛ … ⊛ c_k ⊛ w, at the least ‖w‖:
/// <code>
/// ‖w‖ = G(v) = ( Σ_q a_q^p )^{1/p},   a_q = d^{−k/2}‖V_q‖,  V_q = ((F v_ch)_q)_ch,  p = 2/(k+1).
/// </code>
/// Why this is the minimum: V_q = d^{k/2} ĉ_{1,q} ĉ_{2,q} ⋯ ĉ_{k,q} ŵ_q, and with e_q = ‖ĉ_{1,q}‖·Π|ĉ_{l,q}| the AM–GM
/// inequality over the k unit-energy spectra gives Σ_q e_q^{2/k} ≤ 1; minimising Σ_q a_q²/e_q² under that budget puts
/// u_q = e_q^{2/k} ∝ a_q^p and gives the value above. It is attained by spreading the same energy u_q over every
/// filter: ĉ_{l,q} = √u_q (l ≥ 2, real and even), ĉ_{1,q} = √u_q·V_q/‖V_q‖ up to a phase, ŵ_q = ‖V_q‖/(d^{k/2} u_q^{k/2})
/// times that phase. With one channel the phase of V_q goes to w, so c₁ is even too (math.md §5.2, Minimizer A);
/// with several it stays in c₁ (math.md §5.5 item 3). k = 1 gives G = R, math.md's spectral gauge.
/// Everything is conjugate-symmetric because ‖V_{−q}‖ = ‖V_q‖, so the weights are real.
/// </summary>
public sealed record SpectralFactorization(double[][] FirstFilters, double[][] LaterFilters, double[] Dense, double Gauge)
{
    /// <param name="v">v[ch] in spatial coordinates (row-major on the grid).</param>
    public static SpectralFactorization Of(double[][] v, int rows, int columns, int circularLayers)
    {
        int channels = v.Length, d = rows * columns, k = circularLayers;
        var spectra = v.Select(ch => UnitaryDft.Forward(ch, rows, columns)).ToArray();
        var norms = new double[d];
        for (int q = 0; q < d; q++)
        {
            double s = 0;
            for (int ch = 0; ch < channels; ch++) s += spectra[ch][q].Magnitude * spectra[ch][q].Magnitude;
            norms[q] = Math.Sqrt(s);
        }
        double p = 2.0 / (k + 1), depthScale = Math.Pow(d, k / 2.0);
        double sum = norms.Sum(n => Math.Pow(n / depthScale, p));
        double gauge = Math.Pow(sum, 1 / p);

        var first = new Complex[channels][];
        for (int ch = 0; ch < channels; ch++) first[ch] = new Complex[d];
        var later = new Complex[d];
        var dense = new Complex[d];
        if (sum > 0)
        {
            for (int q = 0; q < d; q++)
            {
                if (norms[q] == 0) continue;
                double u = Math.Pow(norms[q] / depthScale, p) / sum;
                Complex phase = channels == 1 ? spectra[0][q] / norms[q] : Complex.One;
                for (int ch = 0; ch < channels; ch++)
                    first[ch][q] = Math.Sqrt(u) * spectra[ch][q] / norms[q] * Complex.Conjugate(phase);
                later[q] = Math.Sqrt(u);
                dense[q] = phase * norms[q] / (depthScale * Math.Pow(u, k / 2.0));
            }
        }
        var laterFilter = UnitaryDft.InverseReal(later, rows, columns);
        return new SpectralFactorization(
            first.Select(f => UnitaryDft.InverseReal(f, rows, columns)).ToArray(),
            Enumerable.Range(0, k - 1).Select(_ => (double[])laterFilter.Clone()).ToArray(),
            UnitaryDft.InverseReal(dense, rows, columns),
            gauge);
    }
}
