using System.Diagnostics;

namespace ConicDsl.Fuzz;

/// <summary>A failure: an exception escaped the front end, or the input ran past the watchdog.</summary>
public sealed record FuzzFailure(FuzzInput Input, string Kind, string Detail);

public sealed record FuzzResult(
    int Seed, long Inputs, double Seconds, long Accepted, IReadOnlyDictionary<string, long> PerGenerator,
    IReadOnlyList<FuzzFailure> Exceptions, IReadOnlyList<FuzzFailure> Hangs, FuzzInput? Slowest, double SlowestSeconds);

/// <summary>
/// Runs inputs 0..N−1 of a seed, each on its own thread under a watchdog: an input that has not finished after
/// the time limit is a hang (its thread is abandoned; the campaign goes on). The target returns whether it
/// accepted the input (<see cref="FrontEndTargets.Run"/>).
/// </summary>
public sealed class FuzzCampaign(InputGenerator generator, Func<FuzzInput, bool> target, TimeSpan limit)
{
    public FuzzResult Run(int seed, long inputs, Action<long>? progress = null)
    {
        var exceptions = new List<FuzzFailure>();
        var hangs = new List<FuzzFailure>();
        var perGenerator = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long accepted = 0;
        FuzzInput? slowest = null;
        double slowestSeconds = 0;
        var total = Stopwatch.StartNew();
        for (long i = 0; i < inputs; i++)
        {
            var input = generator.Generate(i);
            perGenerator[input.Generator] = perGenerator.GetValueOrDefault(input.Generator) + 1;
            var clock = Stopwatch.StartNew();
            // A thread of its own: a hung input must not hold a pool thread that the next inputs queue behind.
            var run = Task.Factory.StartNew(() => target(input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            bool finished;
            try
            {
                finished = run.Wait(limit);
            }
            catch (AggregateException e)
            {
                var inner = e.InnerException ?? e;
                exceptions.Add(new FuzzFailure(input, inner.GetType().Name, inner.ToString()));
                continue;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            if (!finished)
            {
                hangs.Add(new FuzzFailure(input, "hang", $"not finished after {limit.TotalSeconds:0.#} s"));
                continue;
            }
            if (run.Result) accepted++;
            if (seconds > slowestSeconds) (slowest, slowestSeconds) = (input, seconds);
            if ((i + 1) % 10_000 == 0) progress?.Invoke(i + 1);
        }
        return new FuzzResult(seed, inputs, total.Elapsed.TotalSeconds, accepted, perGenerator, exceptions, hangs, slowest, slowestSeconds);
    }
}
