using System.Runtime.InteropServices;

namespace ConicDsl.LinearAlgebra;

/// <summary>
/// Entry points of libopenblas.so.0, resolved at run time with <see cref="NativeLibrary"/> so that a missing
/// library is a detected condition rather than a <see cref="DllNotFoundException"/> at the first call.
/// Debian's OpenBLAS exports CBLAS and the Fortran LAPACK symbols but not LAPACKE, so the LAPACK routines are
/// called with the Fortran convention: column-major arrays, every argument by reference, and one trailing hidden
/// length per character argument (gfortran's ABI; the length is 1 for every flag here).
/// </summary>
internal sealed unsafe class OpenBlasNative
{
    public const int RowMajor = 101, ColMajor = 102, NoTrans = 111, Trans = 112;

    public readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
    // dsyevd_(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, len_jobz, len_uplo)
    public readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nint, nint, void> Dsyevd;
    // dgesdd_(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info, len_jobz)
    public readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nint, void> Dgesdd;
    // dgeqrf_(m, n, a, lda, tau, work, lwork, info)
    public readonly delegate* unmanaged<int*, int*, double*, int*, double*, double*, int*, int*, void> Dgeqrf;
    // dorgqr_(m, n, k, a, lda, tau, work, lwork, info)
    public readonly delegate* unmanaged<int*, int*, int*, double*, int*, double*, double*, int*, int*, void> Dorgqr;
    // dpotrf_(uplo, n, a, lda, info, len_uplo)
    public readonly delegate* unmanaged<byte*, int*, double*, int*, int*, nint, void> Dpotrf;
    // dpotrs_(uplo, n, nrhs, a, lda, b, ldb, info, len_uplo)
    public readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, nint, void> Dpotrs;

    private OpenBlasNative(nint lib)
    {
        Dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)Export(lib, "cblas_dgemm");
        Dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nint, nint, void>)Export(lib, "dsyevd_");
        Dgesdd = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nint, void>)Export(lib, "dgesdd_");
        Dgeqrf = (delegate* unmanaged<int*, int*, double*, int*, double*, double*, int*, int*, void>)Export(lib, "dgeqrf_");
        Dorgqr = (delegate* unmanaged<int*, int*, int*, double*, int*, double*, double*, int*, int*, void>)Export(lib, "dorgqr_");
        Dpotrf = (delegate* unmanaged<byte*, int*, double*, int*, int*, nint, void>)Export(lib, "dpotrf_");
        Dpotrs = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, nint, void>)Export(lib, "dpotrs_");
    }

    public static OpenBlasNative? TryLoad(string library, out string? reason)
    {
        if (!NativeLibrary.TryLoad(library, out var lib))
        {
            reason = $"{library} not found (Debian: apt-get install libopenblas0-pthread)";
            return null;
        }
        try
        {
            reason = null;
            return new OpenBlasNative(lib);
        }
        catch (EntryPointNotFoundException e)
        {
            reason = $"{library} lacks {e.Message}";
            return null;
        }
    }

    private static nint Export(nint lib, string name) =>
        NativeLibrary.TryGetExport(lib, name, out var f) ? f : throw new EntryPointNotFoundException(name);
}
