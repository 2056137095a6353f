using ConicDsl.Compiler.Losses;

namespace ConicDsl.Tests.Compiler.Losses;

public class LossTests
{
    [Test]
    public void SquaredLossIsHalfTheSumOfSquares()
    {
        // conventions.md: ½·Σ(ŷ − y)², sums not means.
        var loss = new SquaredLoss();
        Assert.That(loss.Evaluate(new[] { 1.0, 2.0 }, new[] { 0.0, 0.0 }), Is.EqualTo(2.5));
        Assert.That(loss.TrainError(new[] { 1.0, 2.0 }, new[] { 0.0, 0.0 }), Is.EqualTo(2.5), "MSE = (1 + 4)/2");
    }

    [Test]
    public void HingeLossAndTieRule()
    {
        var loss = new HingeLoss();
        Assert.That(loss.Evaluate(new[] { 2.0, 0.5, -1.0 }, new[] { 1.0, 1.0, 1.0 }), Is.EqualTo(0 + 0.5 + 2));
        Assert.That(loss.TrainError(new[] { 0.0, -0.1 }, new[] { 1.0, 1.0 }), Is.EqualTo(0.5), "ŷ = 0 predicts +1");
    }

    [Test]
    public void EmittedSquaredLossEqualsDirectEvaluation()
    {
        var b = new ConicDsl.Conic.ConicProgramBuilder();
        var yhat = b.AddVariables("yhat", 3);
        var y = new[] { 1.0, -2.0, 0.5 };
        new SquaredLoss().Emit(b, yhat, y);
        var p = b.Build();
        var point = new[] { 0.3, 0.1, -4.0 };
        Assert.That(p.Objective(point), Is.EqualTo(new SquaredLoss().Evaluate(point, y)).Within(1e-12));
    }
}
