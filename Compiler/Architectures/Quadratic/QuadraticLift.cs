using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>
/// The lift of math.md §8.2 for σ(t) = a·t² + b·t + c: M(x) = [[a·xxᵀ, (b/2)·x], [(b/2)·xᵀ, c]] ∈ S^{d+1}, so that
/// σ(xᵀu)·α = ⟨M(x), α·[u; 1][u; 1]ᵀ⟩. The last coordinate of the lifted space is the constant 1.
/// </summary>
public sealed record QuadraticLift(double A, double B, double C)
{
    public double Activation(double t) => (A * t + B) * t + C;

    /// <summary>M(x) as a dense symmetric matrix of order d+1.</summary>
    public double[,] Matrix(ReadOnlySpan<double> x)
    {
        int d = x.Length;
        var m = new double[d + 1, d + 1];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++) m[i, j] = A * x[i] * x[j];
            m[i, d] = m[d, i] = 0.5 * B * x[i];
        }
        m[d, d] = C;
        return m;
    }

    /// <summary>svec(M(x)): the coefficients of ⟨M(x), Z⟩ in the svec coordinates of Z (inner products agree).</summary>
    public double[] Svec(ReadOnlySpan<double> x)
    {
        var v = new double[ConeLayout.SvecLength(x.Length + 1)];
        Conic.Svec.FromMatrix(Matrix(x), v);
        return v;
    }

    /// <summary>svec(M(x_s)) for every row x_s of <paramref name="x"/>: the n × svec(d + 1) matrix of the predictions'
    /// coefficients, which lowering and the size estimate both reduce.</summary>
    public double[,] SvecRows(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1), m = ConeLayout.SvecLength(d + 1);
        var lifted = new double[n, m];
        var row = new double[d];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < d; j++) row[j] = x[s, j];
            var coefficients = Svec(row);
            for (int e = 0; e < m; e++) lifted[s, e] = coefficients[e];
        }
        return lifted;
    }
}
