using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;
using static ConicDsl.Tests.Dsl.NetworkTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>
/// Broken network blocks never throw: every truncation of a line, every dropped, doubled or swapped word of a
/// valid CNN block gives either a model or at least one error, and every error is located.
/// </summary>
public class NetworkRobustnessTests
{
    private static readonly string[][] ValidBlocks =
    [
        ["input signal 8 channels 2", "conv filters 3 size 3 stride 2 relu", "pool max", "output 1"],
        ["input image 4 6", "conv circular filters 2 size 4 6 unit_norm", "dense relu", "output 1"],
        ["input signal 8", "relaxation", "conv circular filters 2 size 8 unit_norm", "conv circular filters 2 size 8 unit_norm",
            "dense relu", "output 1"],
        ["input image 5 5", "conv local filters 2 size 3 3 unit_norm relu", "dense relu", "output 1"],
        ["input bias unregularized", "relu 4", "output 1"],
    ];

    private static IEnumerable<string[]> Mutations()
    {
        foreach (var block in ValidBlocks)
        {
            for (var k = 0; k < block.Length; k++)
            {
                var words = block[k].Split(' ');
                for (var n = 0; n <= block[k].Length; n++) yield return Replace(block, k, block[k][..n]);
                for (var w = 0; w < words.Length; w++)
                {
                    yield return Replace(block, k, string.Join(' ', words.Where((_, i) => i != w)));
                    yield return Replace(block, k, string.Join(' ', words.SelectMany((x, i) => i == w ? new[] { x, x } : [x])));
                    if (w + 1 < words.Length)
                    {
                        var swapped = words.ToArray();
                        (swapped[w], swapped[w + 1]) = (swapped[w + 1], swapped[w]);
                        yield return Replace(block, k, string.Join(' ', swapped));
                    }
                }

                yield return [.. block[..k], .. block[(k + 1)..]];
                yield return [.. block[..k], block[k], .. block[k..]];
            }
        }
    }

    private static string[] Replace(string[] block, int k, string line) => [.. block[..k], line, .. block[(k + 1)..]];

    [Test]
    public void ValidBlocksAreAccepted()
    {
        foreach (var block in ValidBlocks) Assert.That(Accepted(block), Is.Not.Null);
    }

    [Test]
    public void MutatedBlocksGiveAModelOrLocatedErrorsAndNeverThrow()
    {
        var count = 0;
        foreach (var block in Mutations())
        {
            count++;
            var text = WithNetwork(block);
            var result = Load(text);
            var errors = result.Diagnostics.Where(d => d.IsError).ToList();
            Assert.That(result.Model is not null ^ errors.Count > 0, Is.True, () => $"{text}\n{Describe(result)}");
            Assert.That(errors.All(d => !d.Span.IsNone && d.Message.Length > 0), Is.True, () => $"{text}\n{Describe(result)}");
        }

        Assert.That(count, Is.GreaterThan(500));
    }
}
