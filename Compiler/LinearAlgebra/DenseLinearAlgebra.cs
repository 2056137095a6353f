namespace ConicDsl.LinearAlgebra;

/// <summary>
/// Chooses the dense kernels once per process: OpenBLAS when libopenblas.so.0 loads and exports what we call,
/// MathNet's managed code otherwise, or when the environment variable <see cref="ForceVariable"/> is "managed"
/// (tests and benchmarks use it to run the fallback on machines that have OpenBLAS).
/// </summary>
public static class DenseLinearAlgebra
{
    public const string ForceVariable = "CONICDSL_LINEAR_ALGEBRA";
    public const string OpenBlasLibrary = "libopenblas.so.0";

    private static readonly Lazy<(IDenseLinearAlgebra Provider, string? Reason)> Selected =
        new(() => Choose(Environment.GetEnvironmentVariable(ForceVariable), OpenBlasLibrary));

    public static IDenseLinearAlgebra Current => Selected.Value.Provider;

    /// <summary>Why the managed path was chosen, or null when OpenBLAS is in use.</summary>
    public static string? FallbackReason => Selected.Value.Reason;

    /// <summary>The selection rule, separate from the process-wide choice so that tests can exercise every branch.</summary>
    public static (IDenseLinearAlgebra Provider, string? Reason) Choose(string? force, string library)
    {
        if (string.Equals(force, "managed", StringComparison.OrdinalIgnoreCase))
            return (ManagedLinearAlgebra.Instance, $"{ForceVariable}=managed");
        var native = OpenBlasLinearAlgebra.TryLoad(library, out var reason);
        return native is not null ? (native, null) : (ManagedLinearAlgebra.Instance, reason);
    }
}
