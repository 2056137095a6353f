using ConicDsl.LinearAlgebra;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>The first-order products through OpenBLAS's dgemm (row-major CBLAS call, no copies).</summary>
public sealed class OpenBlasGemm : IGemm
{
    private readonly OpenBlasLinearAlgebra _blas;

    public OpenBlasGemm(OpenBlasLinearAlgebra blas) => _blas = blas;

    public string Name => "openblas";

    public void Multiply(bool transposeA, int m, int n, int k, double[] a, double[] b, double[] c) =>
        _blas.MultiplyRowMajor(transposeA, m, n, k, a, b, c);
}
