using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConicDsl.Conic.Formats;

/// <summary>
/// <c>scs-json/1</c>: the problem exactly as the SCS backend hands it to SCS. <c>data</c> holds the fields of
/// SCS's ScsData under the names the scs-solver binding reads (m, n, A_x/A_i/A_p CSC, optional P_x/P_i/P_p upper
/// triangle, b, c) and <c>cone</c> those of ScsCone (z, l, q with qsize, s with ssize: PSD orders, svec with √2
/// off-diagonals, which is the standard form's own layout, ep). SCS has no objective constant, so it rides beside
/// them as <c>objective_constant</c>. Exponential cones are <c>ep</c> (the number of triples, SCS's (x, y, z)
/// ordering and place after the PSD rows, which is the standard form's). Nothing is translated: SCS's form is the standard form.
/// </summary>
public static class ScsJsonFormat
{
    public const string Format = "scs-json/1";

    public static string Write(ConicProgram program)
    {
        var data = new JsonObject
        {
            ["m"] = program.Constraints,
            ["n"] = program.Variables,
            ["A_x"] = Numbers(program.A.Values),
            ["A_i"] = Integers(program.A.RowIndices),
            ["A_p"] = Integers(program.A.ColumnPointers),
        };
        // SCS treats an absent P as a linear objective; an all-zero P would only cost it a factorisation.
        if (program.HasQuadraticObjective)
        {
            data["P_x"] = Numbers(program.P!.Values);
            data["P_i"] = Integers(program.P.RowIndices);
            data["P_p"] = Integers(program.P.ColumnPointers);
        }
        data["b"] = Numbers(program.B);
        data["c"] = Numbers(program.C);
        var cones = program.Cones;
        var root = new JsonObject
        {
            ["format"] = Format,
            ["data"] = data,
            ["cone"] = new JsonObject
            {
                ["z"] = cones.Zero,
                ["l"] = cones.NonNegative,
                ["q"] = Integers(cones.SecondOrder),
                ["qsize"] = cones.SecondOrder.Length,
                ["s"] = Integers(cones.Psd),
                ["ssize"] = cones.Psd.Length,
                ["ep"] = cones.Exponential,
            },
            ["objective_constant"] = program.ObjectiveConstant,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n";
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonArray Integers(IEnumerable<int> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
