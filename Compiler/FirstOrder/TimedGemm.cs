using System.Diagnostics;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>Counts the wall time spent in products, for the GFLOP/s figure of a solve.</summary>
internal sealed class TimedGemm : IGemm
{
    private readonly IGemm _inner;
    private readonly Stopwatch _clock = new();

    public TimedGemm(IGemm inner) => _inner = inner;

    public string Name => _inner.Name;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Multiply(bool transposeA, int m, int n, int k, double[] a, double[] b, double[] c)
    {
        _clock.Start();
        try
        {
            _inner.Multiply(transposeA, m, n, k, a, b, c);
        }
        finally
        {
            _clock.Stop();
        }
    }
}
