namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// Dense double-precision matrix product, row-major: C (m×n) = op(A)·B with B k×n, where op(A) is A (m×k) or, with
/// <c>transposeA</c>, Aᵀ for A stored k×m. The only two products the first-order solvers need (X̃U and X̃ᵀR) are both
/// of this shape, so a native BLAS provider can replace the managed kernel behind this one method.
/// </summary>
public interface IGemm
{
    string Name { get; }

    void Multiply(bool transposeA, int m, int n, int k, double[] a, double[] b, double[] c);
}
