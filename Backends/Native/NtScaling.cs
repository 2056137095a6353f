using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Nesterov–Todd scaling W for the current (s, y): the block-diagonal matrix with W⁻ᵀs = Wy = λ and H = WᵀW the
/// Hessian block of the Newton system. Orthant and second-order blocks are symmetric (W = Wᵀ); PSD blocks are not
/// (<see cref="PsdScaling"/>), which is why the transposed applications exist. Orthant rows: W = diag(√(s/y)).
/// A second-order cone block is kept in structured form W = η(2vvᵀ − J), W⁻¹ = η⁻¹(2Jvvᵀ J − J), with
/// J = diag(1, −I) and vᵀJv = 1, where s̄ = s/√det s, ȳ = y/√det y, γ = √((1 + s̄ᵀȳ)/2), w̄ = (s̄ + Jȳ)/(2γ) is the normalized NT point,
/// v = (w̄ + e)/√(2(w̄₀ + 1)) its Jordan square root (W is the square root of the quadratic representation of w̄),
/// and η = (det s / det y)^¼. Applying W or W⁻¹ costs O(q) and no q×q matrix is formed.
/// </summary>
internal sealed class NtScaling
{
    private readonly ConeSpace _cones;
    private readonly double[] _w;   // orthant: √(s/y); SOC block: v
    private readonly double[] _eta; // per SOC block
    private readonly PsdScaling[] _psd;
    private readonly ExpScaling[] _exp;

    public NtScaling(ConeSpace cones)
    {
        _cones = cones;
        _w = new double[cones.Rows];
        _eta = new double[cones.Soc.Length];
        _psd = cones.Psd.Select(b => new PsdScaling(b.Order)).ToArray();
        _exp = cones.Exp.Select(_ => new ExpScaling()).ToArray();
        Lambda = new double[cones.Rows];
    }

    /// <summary>The scaling of exponential cone <paramref name="block"/> (for the KKT assembly).</summary>
    public ExpScaling Exp(int block) => _exp[block];

    /// <summary>The scaling of PSD block <paramref name="block"/> (for the KKT assembly).</summary>
    public PsdScaling Psd(int block) => _psd[block];

    /// <summary>λ = Wy = W⁻ᵀs (zero-cone rows hold 0). On PSD blocks λ is exactly diagonal.</summary>
    public double[] Lambda { get; }

    /// <summary>Recomputes W and λ; false when s or y is not strictly interior (the caller reports a numerical error).
    /// μ scales the exponential cones' H = μ∇²f*(y) (<see cref="ExpScaling"/>).</summary>
    public bool Update(ReadOnlySpan<double> s, ReadOnlySpan<double> y, double mu = 1)
    {
        int z = _cones.Zero, l = _cones.NonNegative;
        for (int i = z; i < z + l; i++)
        {
            if (!(s[i] > 0 && y[i] > 0)) return false;
            _w[i] = Math.Sqrt(s[i] / y[i]);
            Lambda[i] = Math.Sqrt(s[i] * y[i]);
        }
        for (int k = 0; k < _cones.Soc.Length; k++)
        {
            var (start, q) = _cones.Soc[k];
            var sb = s.Slice(start, q);
            var yb = y.Slice(start, q);
            double ds = SocMath.Det(sb), dy = SocMath.Det(yb);
            if (!(ds > 0 && dy > 0 && sb[0] > 0 && yb[0] > 0)) return false;
            double ns = Math.Sqrt(ds), ny = Math.Sqrt(dy);
            double dot = 0;
            for (int i = 0; i < q; i++) dot += sb[i] * yb[i];
            double gamma = Math.Sqrt(0.5 * (1 + dot / (ns * ny)));
            var w = _w.AsSpan(start, q);
            w[0] = (sb[0] / ns + yb[0] / ny) / (2 * gamma);
            for (int i = 1; i < q; i++) w[i] = (sb[i] / ns - yb[i] / ny) / (2 * gamma);
            double root = Math.Sqrt(2 * (w[0] + 1));
            w[0] = (w[0] + 1) / root;
            for (int i = 1; i < q; i++) w[i] /= root;
            _eta[k] = Math.Sqrt(ns / ny);
        }
        for (int k = 0; k < _psd.Length; k++)
        {
            var (start, order) = _cones.Psd[k];
            int q = ConeLayout.SvecLength(order);
            if (!_psd[k].Update(s.Slice(start, q), y.Slice(start, q), Lambda.AsSpan(start, q))) return false;
        }
        for (int k = 0; k < _exp.Length; k++)
        {
            int start = _cones.Exp[k];
            if (!_exp[k].Update(s.Slice(start, 3), y.Slice(start, 3), mu)) return false;
            _exp[k].ApplyW(y.Slice(start, 3), Lambda.AsSpan(start, 3));
        }
        ApplyOrthantAndSoc(y, Lambda, inverse: false);
        return true;
    }

    /// <summary>r = Wv on the cone rows; zero-cone rows of r are set to 0. r may alias v.</summary>
    public void ApplyW(ReadOnlySpan<double> v, Span<double> r)
    {
        ApplyOrthantAndSoc(v, r, inverse: false);
        for (int k = 0; k < _psd.Length; k++) _psd[k].ApplyW(PsdSlice(v, k), PsdSlice(r, k));
        for (int k = 0; k < _exp.Length; k++) _exp[k].ApplyW(v.Slice(_cones.Exp[k], 3), r.Slice(_cones.Exp[k], 3));
    }

    /// <summary>r = Wᵀv (= Wv on orthant and SOC blocks).</summary>
    public void ApplyWTranspose(ReadOnlySpan<double> v, Span<double> r)
    {
        ApplyOrthantAndSoc(v, r, inverse: false);
        for (int k = 0; k < _psd.Length; k++) _psd[k].ApplyWTranspose(PsdSlice(v, k), PsdSlice(r, k));
        for (int k = 0; k < _exp.Length; k++) _exp[k].ApplyWTranspose(v.Slice(_cones.Exp[k], 3), r.Slice(_cones.Exp[k], 3));
    }

    /// <summary>r = W⁻¹v on the cone rows; zero-cone rows of r are set to 0. r may alias v.</summary>
    public void ApplyWInverse(ReadOnlySpan<double> v, Span<double> r)
    {
        ApplyOrthantAndSoc(v, r, inverse: true);
        for (int k = 0; k < _psd.Length; k++) _psd[k].ApplyWInverse(PsdSlice(v, k), PsdSlice(r, k));
        for (int k = 0; k < _exp.Length; k++) _exp[k].ApplyWInverse(v.Slice(_cones.Exp[k], 3), r.Slice(_cones.Exp[k], 3));
    }

    /// <summary>r = W⁻ᵀv (= W⁻¹v on orthant and SOC blocks).</summary>
    public void ApplyWInverseTranspose(ReadOnlySpan<double> v, Span<double> r)
    {
        ApplyOrthantAndSoc(v, r, inverse: true);
        for (int k = 0; k < _psd.Length; k++) _psd[k].ApplyWInverseTranspose(PsdSlice(v, k), PsdSlice(r, k));
        for (int k = 0; k < _exp.Length; k++) _exp[k].ApplyWInverseTranspose(v.Slice(_cones.Exp[k], 3), r.Slice(_cones.Exp[k], 3));
    }

    private void ApplyOrthantAndSoc(ReadOnlySpan<double> v, Span<double> r, bool inverse)
    {
        int z = _cones.Zero, l = _cones.NonNegative;
        r[..z].Clear();
        if (inverse)
            for (int i = z; i < z + l; i++) r[i] = v[i] / _w[i];
        else
            for (int i = z; i < z + l; i++) r[i] = _w[i] * v[i];
        for (int k = 0; k < _cones.Soc.Length; k++)
        {
            var (start, q) = _cones.Soc[k];
            if (inverse) ApplySocWInverse(k, v.Slice(start, q), r.Slice(start, q));
            else ApplySocW(k, v.Slice(start, q), r.Slice(start, q));
        }
    }

    private ReadOnlySpan<double> PsdSlice(ReadOnlySpan<double> v, int k) =>
        v.Slice(_cones.Psd[k].Start, ConeLayout.SvecLength(_cones.Psd[k].Order));

    private Span<double> PsdSlice(Span<double> v, int k) =>
        v.Slice(_cones.Psd[k].Start, ConeLayout.SvecLength(_cones.Psd[k].Order));

    /// <summary>The orthant row's scale factor w_i = √(s_i/y_i), so H⁻¹ = 1/w_i².</summary>
    public double OrthantW(int row) => _w[row];

    public void ApplySocW(int block, ReadOnlySpan<double> v, Span<double> r)
    {
        var w = _w.AsSpan(_cones.Soc[block].Start, v.Length);
        double eta = _eta[block];
        double d = 0;
        for (int i = 0; i < v.Length; i++) d += w[i] * v[i];
        double v0 = v[0];
        for (int i = 1; i < v.Length; i++) r[i] = eta * (2 * w[i] * d + v[i]);
        r[0] = eta * (2 * w[0] * d - v0);
    }

    public void ApplySocWInverse(int block, ReadOnlySpan<double> v, Span<double> r)
    {
        var w = _w.AsSpan(_cones.Soc[block].Start, v.Length);
        double inv = 1 / _eta[block];
        double d = w[0] * v[0];
        for (int i = 1; i < v.Length; i++) d -= w[i] * v[i];
        double v0 = v[0];
        for (int i = 1; i < v.Length; i++) r[i] = inv * (v[i] - 2 * w[i] * d);
        r[0] = inv * (2 * w[0] * d - v0);
    }
}
