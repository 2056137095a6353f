using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConicDsl.Conic;

/// <summary>
/// The program as JSON (<c>conicdsl-conic/1</c>): the standard form's data in CSC layout (0-based indices), the
/// cone sizes, the objective constant and the named variable and row blocks. <see cref="Read"/> inverts
/// <see cref="Write"/> exactly (doubles are written in round-trip form).
/// </summary>
public static class ConicProgramJson
{
    public const string Format = "conicdsl-conic/1";

    public static string Write(ConicProgram program)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["convention"] = "minimize c'x + 1/2 x'Px + objective_constant subject to Ax + s = b, s in K; K = zero^z x nonneg^l x SOC(q_1) x ... x PSD(s_1) x ... x EXP^ep (svec: lower triangle by columns, off-diagonals times sqrt 2; EXP triples (x, y, z) with y exp(x/y) <= z); P upper triangle",
            ["variables"] = program.Variables,
            ["constraints"] = program.Constraints,
            ["cones"] = new JsonObject
            {
                ["z"] = program.Cones.Zero,
                ["l"] = program.Cones.NonNegative,
                ["q"] = new JsonArray(program.Cones.SecondOrder.Select(q => (JsonNode)q).ToArray()),
                ["s"] = new JsonArray(program.Cones.Psd.Select(k => (JsonNode)k).ToArray()),
                ["ep"] = program.Cones.Exponential,
            },
            ["objective_constant"] = program.ObjectiveConstant,
            ["c"] = Numbers(program.C),
            ["b"] = Numbers(program.B),
            ["A"] = Matrix(program.A),
            ["P"] = program.P is null ? null : Matrix(program.P),
            ["variable_blocks"] = Blocks(program.VariableBlocks),
            ["row_blocks"] = Blocks(program.RowBlocks),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n";
    }

    public static ConicProgram Read(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new FormatException("empty JSON");
        if ((string?)root["format"] != Format) throw new FormatException($"not a {Format} file");
        var cones = root["cones"]!;
        var layout = new ConeLayout(
            (int)cones["z"]!,
            (int)cones["l"]!,
            cones["q"]!.AsArray().Select(q => (int)q!).ToImmutableArray(),
            cones["s"] is JsonArray psd ? psd.Select(k => (int)k!).ToImmutableArray() : ImmutableArray<int>.Empty,
            cones["ep"] is JsonNode ep ? (int)ep : 0);
        return new ConicProgram(
            ReadMatrix(root["A"]!),
            ReadNumbers(root["b"]!),
            ReadNumbers(root["c"]!),
            root["P"] is null ? null : ReadMatrix(root["P"]!),
            (double)root["objective_constant"]!,
            layout,
            ReadBlocks(root["variable_blocks"]!),
            ReadBlocks(root["row_blocks"]!));
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonArray Integers(IEnumerable<int> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonObject Matrix(SparseMatrix m) => new()
    {
        ["rows"] = m.Rows,
        ["cols"] = m.Columns,
        ["colptr"] = Integers(m.ColumnPointers),
        ["rowidx"] = Integers(m.RowIndices),
        ["values"] = Numbers(m.Values),
    };

    private static JsonArray Blocks(ImmutableArray<Block> blocks) =>
        new(blocks.Select(b => (JsonNode)new JsonObject { ["name"] = b.Name, ["offset"] = b.Offset, ["length"] = b.Length }).ToArray());

    private static ImmutableArray<double> ReadNumbers(JsonNode node) => node.AsArray().Select(v => (double)v!).ToImmutableArray();

    private static SparseMatrix ReadMatrix(JsonNode node) => SparseMatrix.FromCsc(
        (int)node["rows"]!,
        (int)node["cols"]!,
        node["colptr"]!.AsArray().Select(v => (int)v!).ToArray(),
        node["rowidx"]!.AsArray().Select(v => (int)v!).ToArray(),
        node["values"]!.AsArray().Select(v => (double)v!).ToArray());

    private static ImmutableArray<Block> ReadBlocks(JsonNode node) =>
        node.AsArray().Select(b => new Block((string)b!["name"]!, (int)b["offset"]!, (int)b["length"]!)).ToImmutableArray();
}
