using System.Collections.Immutable;
using System.Text.Json;
using ConicDsl.Compiler.IO;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Prediction;

/// <summary>
/// Typed access to the fields of a network file. Every fault becomes a diagnostic located at the field's line and
/// column (<see cref="JsonLocations"/>) and the getter returns null, so callers stop at the first missing piece
/// without exceptions. Paths are written as in the file: <c>layers[0].weights</c>.
/// </summary>
internal sealed class JsonFields(string file, JsonLocations at)
{
    public List<Diagnostic> Diagnostics { get; } = new();

    public bool Failed => Diagnostics.Count > 0;

    public void Error(string id, string where, string message, string hint = "")
    {
        var (line, column) = at.Of(where);
        Diagnostics.Add(Diagnostic.Error(id, new SourceSpan(file, line, column, 1), message, hint));
    }

    public JsonElement? Field(JsonElement owner, string ownerPath, string name, string what)
    {
        if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            return value;
        Error(DiagnosticIds.NetworkFieldMissing, ownerPath, $"missing field '{name}' in {(ownerPath == "" ? "the network file" : ownerPath)} ({what})",
            "predict needs a network.json written by 'conicdsl solve -o DIR' (docs/formats.md)");
        return null;
    }

    public static string Join(string owner, string name) => owner == "" ? name : $"{owner}.{name}";

    public string? Text(JsonElement owner, string ownerPath, string name, string what)
    {
        if (Field(owner, ownerPath, name, what) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        Error(DiagnosticIds.NetworkFieldMissing, Join(ownerPath, name), $"'{Join(ownerPath, name)}' must be a string, found {Kind(v)}");
        return null;
    }

    public double? Number(JsonElement owner, string ownerPath, string name, string what)
    {
        if (Field(owner, ownerPath, name, what) is not { } v) return null;
        return Finite(v, Join(ownerPath, name));
    }

    public int? Integer(JsonElement owner, string ownerPath, string name, string what, int minimum = 1)
    {
        if (Field(owner, ownerPath, name, what) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= minimum) return i;
        Error(DiagnosticIds.NetworkFieldMissing, Join(ownerPath, name), $"'{Join(ownerPath, name)}' must be an integer ≥ {minimum}, found {Kind(v)}");
        return null;
    }

    public ImmutableArray<double>? Vector(JsonElement owner, string ownerPath, string name, int? length, string what) =>
        Field(owner, ownerPath, name, what) is { } v ? VectorAt(v, Join(ownerPath, name), length, what) : null;

    public ImmutableArray<double>? VectorAt(JsonElement array, string where, int? length, string what)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(DiagnosticIds.NetworkFieldMissing, where, $"'{where}' must be an array of numbers ({what}), found {Kind(array)}");
            return null;
        }
        if (length is int n && array.GetArrayLength() != n)
        {
            Error(DiagnosticIds.NetworkDimensionMismatch, where, $"'{where}' has {array.GetArrayLength()} number(s); expected {n} ({what})");
            return null;
        }
        var result = ImmutableArray.CreateBuilder<double>(array.GetArrayLength());
        int i = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (Finite(e, $"{where}[{i++}]") is not double value) return null;
            result.Add(value);
        }
        return result.MoveToImmutable();
    }

    /// <summary>An array of rows, each of <paramref name="columns"/> numbers (any count when null); the row count is
    /// <paramref name="rows"/> when given.</summary>
    public ImmutableArray<ImmutableArray<double>>? Matrix(JsonElement owner, string ownerPath, string name, int? rows, int? columns, string what)
    {
        if (Field(owner, ownerPath, name, what) is not { } v) return null;
        return MatrixAt(v, Join(ownerPath, name), rows, columns, what);
    }

    public ImmutableArray<ImmutableArray<double>>? MatrixAt(JsonElement v, string where, int? rows, int? columns, string what)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(DiagnosticIds.NetworkFieldMissing, where, $"'{where}' must be an array of rows ({what}), found {Kind(v)}");
            return null;
        }
        if (rows is int r && v.GetArrayLength() != r)
        {
            Error(DiagnosticIds.NetworkDimensionMismatch, where, $"'{where}' has {v.GetArrayLength()} row(s); expected {r} ({what})");
            return null;
        }
        var result = ImmutableArray.CreateBuilder<ImmutableArray<double>>();
        int i = 0;
        foreach (var row in v.EnumerateArray())
        {
            if (VectorAt(row, $"{where}[{i++}]", columns, what) is not { } values) return null;
            result.Add(values);
        }
        return result.ToImmutable();
    }

    private double? Finite(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Number && double.IsFinite(e.GetDouble())) return e.GetDouble();
        Error(DiagnosticIds.NetworkFieldMissing, where, $"'{where}' must be a finite number, found {Kind(e)}");
        return null;
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };
}
