using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// The report fact <c>active_frequencies</c>: each frequency class's share of the spectral penalty summed over the
/// recovered units, Σ_units weight_class·‖ρ_class‖ / Σ_units N(ρ). A class is active when its share exceeds
/// <see cref="ShareThreshold"/>: interior-point solutions leave every class a ~1e-9 relative residue, which is
/// solver noise, not a frequency the network uses.
/// </summary>
public static class ActiveFrequencies
{
    public const string Key = "active_frequencies";
    public const double ShareThreshold = 1e-6;

    /// <summary>Shares per penalty group (= per class of <see cref="SpectralCoordinates.Kept"/>) of the given θ's.</summary>
    public static double[] Shares(SpectralCoordinates coordinates, IEnumerable<double[]> thetas)
    {
        var groups = coordinates.Penalty.Groups;
        var mass = new double[groups.Count];
        foreach (var theta in thetas)
        {
            for (int g = 0; g < groups.Count; g++)
            {
                double s = 0;
                foreach (var i in groups[g].Indices) s += theta[i] * theta[i];
                mass[g] += groups[g].Weight * Math.Sqrt(s);
            }
        }
        double total = mass.Sum();
        return mass.Select(m => total > 0 ? m / total : 0).ToArray();
    }

    public static ReportFact Fact(SpectralCoordinates coordinates, IEnumerable<double[]> thetas)
    {
        var shares = Shares(coordinates, thetas);
        var basis = coordinates.Basis;
        var classes = coordinates.Kept.Select(g => basis.Classes[g]).ToList();
        bool image = basis.Rows > 1;
        var active = Enumerable.Range(0, shares.Length).Where(g => shares[g] > ShareThreshold).ToList();
        var json = new JsonArray(active.Select(g =>
        {
            var c = classes[g];
            JsonNode frequency = image ? new JsonArray(c.Row, c.Column) : JsonValue.Create(c.Column);
            return (JsonNode)new JsonObject
            {
                ["frequency"] = frequency,
                ["self_conjugate"] = c.SelfConjugate,
                ["share"] = shares[g],
            };
        }).ToArray());
        string text = active.Count == 0
            ? "none (the network is zero)"
            : string.Join(", ", active.Select(g =>
                $"{(classes[g].SelfConjugate ? "" : "±")}{classes[g].Label(image)} ({shares[g].ToString("P2", CultureInfo.InvariantCulture)})")) +
              " of the spectral penalty";
        return new ReportFact(Key, json, text);
    }
}
