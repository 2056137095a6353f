using System.Text.Json.Nodes;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>Examples/xor_gated.cnn through the CLI: fixed sampled gates, exact for the gated model, gates saved.</summary>
public class GatedReluExampleTests
{
    [Test]
    public void XorGatedSolvesAndTheSavedNetworkReproducesTheObjective()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", CliRunner.Example("xor_gated.cnn"), "--json", "-o", dir.Path);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["status"], Is.EqualTo("optimal"));
        Assert.That((string?)j["architecture"], Is.EqualTo("gated_relu"));
        Assert.That((string?)j["program_claim"], Is.EqualTo("exact_for_fixed_gates"));
        Assert.That((bool)j["global"]!, Is.True, "sampled gates are the model's gates: the optimum is global for that model");
        double objective = (double)j["objective"]!, nonConvex = (double)j["nonconvex_objective"]!;
        Assert.That(Math.Abs(nonConvex - objective) / objective, Is.LessThanOrEqualTo(1e-6));
        Assert.That((double)j["train_error"]!, Is.EqualTo(0), "gated units separate the four xor clusters");
        Assert.That((int)j["active_neurons"]!, Is.InRange(1, 40), "pruned to at most n = 40 units (math.md §10.3)");

        // The saved network, run here from its JSON alone (gates included), gives the reported objective.
        var net = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "network.json")))!;
        var gated = net["layers"]![0]!;
        Assert.That((string?)gated["kind"], Is.EqualTo("dense_gated_relu"));
        var gw = gated["gate_weights"]!.AsArray().Select(a => a!.AsArray().Select(v => (double)v!).ToArray()).ToArray();
        var gb = gated["gate_biases"]!.AsArray().Select(v => (double)v!).ToArray();
        var w = gated["weights"]!.AsArray().Select(a => a!.AsArray().Select(v => (double)v!).ToArray()).ToArray();
        var b = gated["biases"]!.AsArray().Select(v => (double)v!).ToArray();
        var a = net["layers"]![1]!["weights"]!.AsArray().Select(v => (double)v!).ToArray();
        double beta = (double)net["conventions"]!["beta"]!;
        var lines = File.ReadAllLines(CliRunner.Example("xor.csv")).Skip(1).Select(l => l.Split(',').Select(double.Parse).ToArray()).ToArray();
        var labels = lines.Select(l => l[2]).Distinct().OrderBy(v => v).ToArray();
        double loss = 0;
        foreach (var row in lines)
        {
            double f = 0;
            for (int i = 0; i < a.Length; i++)
                if (gw[i][0] * row[0] + gw[i][1] * row[1] + gb[i] >= 0)
                    f += a[i] * (w[i][0] * row[0] + w[i][1] * row[1] + b[i]);
            double y = row[2] == labels[1] ? 1 : -1;
            loss += Math.Max(0, 1 - y * f);
        }
        double reg = Enumerable.Range(0, a.Length).Sum(i => w[i].Sum(v => v * v) + b[i] * b[i] + a[i] * a[i]);
        Assert.That(loss + 0.5 * beta * reg, Is.EqualTo(nonConvex).Within(1e-9 * (1 + nonConvex)));
    }
}
