using ConicDsl.Dsl.Diagnostics;
using NUnit.Framework;

namespace ConicDsl.Tests.Dsl;

public class NearMissTests
{
    [TestCase("los", "loss")]
    [TestCase("netwrok", "network")]
    [TestCase("Loss", "loss")]
    [TestCase("tol", "tolerance")]
    public void SuggestsLikelyTypos(string word, string expected) =>
        Assert.That(NearMiss.Suggest(word, ["data", "network", "loss", "tolerance"]), Is.EqualTo(expected));

    [TestCase("optimize")]
    [TestCase("xy")]
    public void StaysQuietWhenNothingIsClose(string word) =>
        Assert.That(NearMiss.Suggest(word, ["data", "network", "loss"]), Is.Null);

    [Test]
    public void TranspositionCostsOne() => Assert.That(NearMiss.Distance("sovle", "solve"), Is.EqualTo(1));
}
