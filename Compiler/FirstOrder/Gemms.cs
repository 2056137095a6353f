using ConicDsl.LinearAlgebra;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>The product the first-order solvers use unless told otherwise: OpenBLAS when the process-wide dense
/// provider is OpenBLAS (<see cref="DenseLinearAlgebra"/>; CONICDSL_LINEAR_ALGEBRA=managed forces the fallback),
/// else the managed SIMD kernel.</summary>
public static class Gemms
{
    private static readonly Lazy<IGemm> Selected = new(() =>
        DenseLinearAlgebra.Current is OpenBlasLinearAlgebra blas ? new OpenBlasGemm(blas) : ManagedGemm.Instance);

    public static IGemm Default => Selected.Value;
}
