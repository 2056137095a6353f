using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>The reference trainer's hand-written backpropagation against central differences, so that a wrong
/// gradient cannot make the "never beaten" checks pass vacuously.</summary>
public class CircularCnnTrainerTests
{
    [TestCase(1, 5, 1, 1, true)]
    [TestCase(1, 4, 2, 2, true)]
    [TestCase(2, 3, 2, 3, true)]
    [TestCase(2, 2, 3, 1, false)]
    public void GradientMatchesFiniteDifferences(int rows, int columns, int channels, int layers, bool relu)
    {
        var shape = new CircularCnnTrainer.Shape(rows, columns, channels, layers, relu);
        var rng = new Random(rows * 100 + columns * 10 + layers);
        int d = rows * columns, width = 3;
        var x = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, channels * d).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
        var y = x.Select(_ => rng.NextDouble()).ToArray();
        var t = Enumerable.Range(0, CircularCnnTrainer.ParameterCount(shape, width)).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var g = new double[t.Length];
        CircularCnnTrainer.ObjectiveAndGradient(x, y, 0.3, shape, width, t, g);
        var scratch = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            const double h = 1e-6;
            double keep = t[i];
            t[i] = keep + h;
            double up = CircularCnnTrainer.ObjectiveAndGradient(x, y, 0.3, shape, width, t, scratch);
            t[i] = keep - h;
            double down = CircularCnnTrainer.ObjectiveAndGradient(x, y, 0.3, shape, width, t, scratch);
            t[i] = keep;
            Assert.That(g[i], Is.EqualTo((up - down) / (2 * h)).Within(1e-6), $"parameter {i}");
        }
    }
}
