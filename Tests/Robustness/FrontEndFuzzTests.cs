using ConicDsl.Fuzz;

namespace ConicDsl.Tests.Robustness;

/// <summary>
/// A small run (1 000 inputs) of the front-end fuzzer (bench/Fuzz; the recorded 100 000-input run is in bench/results), and
/// checks that the fuzzer itself sees what it is meant to catch. Reference: the fuzzer's contract, zero
/// unhandled exceptions and zero inputs over the 2 s watchdog.
/// </summary>
public class FrontEndFuzzTests
{
    private static SeedCorpus Seeds => SeedCorpus.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples"));

    [Test]
    public void AThousandInputsRaiseNoExceptionAndNoHang()
    {
        using var scratch = new Support.TempDir();
        var examples = Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples");
        var campaign = new FuzzCampaign(new InputGenerator(Seeds, seed: 2), new FrontEndTargets(examples, scratch.Path).Run, TimeSpan.FromSeconds(2));
        var result = campaign.Run(seed: 2, inputs: 1000);
        Assert.That(result.Exceptions.Select(f => $"#{f.Input.Index} {f.Kind}"), Is.Empty, string.Join("\n", result.Exceptions.Select(f => f.Detail)));
        Assert.That(result.Hangs.Select(f => $"#{f.Input.Index}"), Is.Empty);
        Assert.That(result.PerGenerator.Keys, Is.EquivalentTo(new[] { "csv-mutation", "model-mutation", "token-sequence" }));
    }

    [Test]
    public void ExceptionsAndHangsAreRecordedWithTheirInput()
    {
        var campaign = new FuzzCampaign(new InputGenerator(Seeds, seed: 1), input => input.Index switch
        {
            1 => throw new InvalidOperationException("planted"),
            2 => SleepThenAccept(),
            _ => true,
        }, TimeSpan.FromMilliseconds(500));
        var result = campaign.Run(seed: 1, inputs: 4);
        Assert.That(result.Exceptions.Select(f => (f.Input.Index, f.Kind)), Is.EqualTo(new[] { (1L, "InvalidOperationException") }));
        Assert.That(result.Hangs.Select(f => f.Input.Index), Is.EqualTo(new[] { 2L }));
        Assert.That(result.Accepted, Is.EqualTo(2));
    }

    [Test]
    public void InputsAreAPureFunctionOfSeedAndIndex()
    {
        var a = new InputGenerator(Seeds, seed: 5);
        var b = new InputGenerator(Seeds, seed: 5);
        for (long i = 0; i < 50; i++) Assert.That(a.Generate(i).Bytes, Is.EqualTo(b.Generate(i).Bytes));
    }

    private static bool SleepThenAccept()
    {
        Thread.Sleep(5000);
        return true;
    }
}
