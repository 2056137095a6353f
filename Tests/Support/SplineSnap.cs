namespace ConicDsl.Tests.Support;

/// <summary>
/// math.md §9.3's existence statement, made constructive and written independently of the compiler: a one-input
/// network f(x) = Σ α_j·max(0, w_j x + b_j) + c (unpenalised biases and offset) is turned into one whose knots are
/// all at training inputs, with the same values on the data and no larger penalty (β/2)·Σ(w² + α²).
/// A knot k between adjacent inputs x_a &lt; k &lt; x_b splits, on the data, into ramps at x_a and x_b with weights
/// θ = (x_b − k)/(x_b − x_a) and 1 − θ (both sides of the identity vanish left of x_a and are linear right of x_b, and
/// agree at both ends); a knot outside the data range becomes a ramp at the nearest end plus a constant, or vanishes.
/// Each ramp of slope coefficient c is written balanced: |w| = |α| = √|c|, so its penalty is β|c|.
/// </summary>
public static class SplineSnap
{
    public sealed record Unit(double W, double B, double Alpha)
    {
        public double Knot => -B / W;
    }

    public sealed record Network(IReadOnlyList<Unit> Units, double Offset)
    {
        public double Eval(double x) => Offset + Units.Sum(u => u.Alpha * Math.Max(0, u.W * x + u.B));

        /// <summary>½Σ(f(x_s) − y_s)² + (β/2)Σ(w² + α²), computed from scratch.</summary>
        public double Objective(double[] x, double[] y, double beta) =>
            0.5 * x.Select((v, s) => Math.Pow(Eval(v) - y[s], 2)).Sum() + beta / 2 * Units.Sum(u => u.W * u.W + u.Alpha * u.Alpha);
    }

    public static Network Snap(Network network, double[] inputs)
    {
        var x = inputs.Distinct().Order().ToArray();
        var units = new List<Unit>();
        double offset = network.Offset;
        foreach (var u in network.Units)
        {
            if (u.W == 0) { offset += u.Alpha * Math.Max(0, u.B); continue; }
            double s = Math.Sign(u.W), c = u.Alpha * Math.Abs(u.W), k = u.Knot;
            if (k <= x[0])
            {
                // Right of every input: s = +1 is linear on the data, s = −1 is zero there.
                if (s > 0) { units.Add(Ramp(s, x[0], c)); offset += c * (x[0] - k); }
                continue;
            }
            if (k >= x[^1])
            {
                if (s < 0) { units.Add(Ramp(s, x[^1], c)); offset += c * (k - x[^1]); }
                continue;
            }
            int b = Array.FindIndex(x, v => v >= k);
            if (x[b] == k) { units.Add(Ramp(s, k, c)); continue; }
            double theta = (x[b] - k) / (x[b] - x[b - 1]);
            units.Add(Ramp(s, x[b - 1], c * theta));
            units.Add(Ramp(s, x[b], c * (1 - theta)));
        }
        return new Network(units, offset);
    }

    private static Unit Ramp(double sign, double knot, double coefficient)
    {
        double r = Math.Sqrt(Math.Abs(coefficient));
        return new Unit(sign * r, -sign * r * knot, Math.Sign(coefficient) * r);
    }
}
