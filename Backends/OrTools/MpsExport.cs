using ConicDsl.Conic;
using Google.OrTools.ModelBuilder;
using Google.Protobuf;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// Writes a linear program in free MPS through OR-Tools' own exporter, so the file is what OR-Tools (and any MPS
/// reader) reads back. Row i of the standard form is MPS row C{i} (equality for zero rows, ≤ for orthant rows)
/// and variable j is V{j}, all free. MPS holds neither cones nor a quadratic objective in a form every reader
/// agrees on, so such programs are refused.
/// </summary>
public static class MpsExport
{
    /// <summary>Null when <paramref name="program"/> can be written as MPS, else why not.</summary>
    public static string? Rejects(ConicProgram program)
    {
        var what = new List<string>();
        if (program.Cones.SecondOrder.Length > 0) what.Add("second-order cones");
        if (program.Cones.HasPsd) what.Add("PSD cones");
        if (program.Cones.HasExponential) what.Add("exponential cones");
        if (program.HasQuadraticObjective) what.Add("a quadratic objective");
        return what.Count == 0 ? null
            : $"MPS holds linear programs only; this program has {string.Join(" and ", what)}: export it as CBF (--format cbf) instead";
    }

    /// <summary>The program as free-format MPS text; throws <see cref="NotSupportedException"/> when
    /// <see cref="Rejects"/> gives a reason.</summary>
    public static string ToMps(ConicProgram program)
    {
        if (Rejects(program) is string why) throw new NotSupportedException(why);
        var file = Path.Combine(Path.GetTempPath(), "conicdsl-mps-" + Guid.NewGuid().ToString("N") + ".pb");
        try
        {
            File.WriteAllBytes(file, MpLowering.Build(program).ToByteArray());
            using var helper = new ModelBuilderHelper();
            if (!helper.ReadModelFromProtoFile(file))
                throw new InvalidOperationException("OR-Tools could not read back the model for MPS export");
            helper.SetName("conicdsl");
            return helper.ExportToMpsString(false);
        }
        finally
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
