namespace ConicDsl.Conic.Formats;

/// <summary>
/// One file format a program can be written in. <see cref="Rejects"/> returns why the format cannot hold a
/// program (null when it can), so callers refuse before writing anything.
/// </summary>
public sealed record ProgramFormat(
    string Name,
    string Extension,
    string Description,
    Func<ConicProgram, string> Write,
    Func<ConicProgram, string?> Rejects);

/// <summary>
/// The formats <c>conicdsl compile --format</c> offers. Adding a writer is one <see cref="Register"/> line in the
/// static constructor below (or, for a writer that needs a backend library such as MPS, in the CLI's start-up).
/// </summary>
public static class ProgramFormats
{
    private static readonly object Gate = new();
    private static readonly List<ProgramFormat> Formats = new();

    static ProgramFormats()
    {
        Register(new ProgramFormat("json", ".conic.json", "ConicDsl's own JSON (conicdsl-conic/1), exact", ConicProgramJson.Write, _ => null));
        Register(new ProgramFormat("cbf", ".cbf", "Conic Benchmark Format v3 (MOSEK, SCIP-SDP, JuMP); a quadratic objective is lifted to a cone", CbfFormat.Write, _ => null));
        Register(new ProgramFormat("scs-json", ".scs.json", "SCS's data and cone as the scs backend sends them", ScsJsonFormat.Write, _ => null));
        Register(new ProgramFormat("sdpa", ".dat-s", "SDPA sparse format (CSDP's input): LP/SOC/SDP without a quadratic objective; SOC as arrow blocks", SdpaWriter.Write, SdpaWriter.Rejects));
        // "mps" needs OR-Tools, which the compiler does not reference: the CLI registers it (Backends/OrTools/MpsExport).
    }

    /// <summary>Adds or replaces a format by name.</summary>
    public static void Register(ProgramFormat format)
    {
        lock (Gate)
        {
            Formats.RemoveAll(f => f.Name == format.Name);
            Formats.Add(format);
        }
    }

    public static ProgramFormat? Find(string name)
    {
        lock (Gate) return Formats.FirstOrDefault(f => f.Name == name);
    }

    public static IReadOnlyList<ProgramFormat> All
    {
        get
        {
            lock (Gate) return Formats.ToList();
        }
    }

    /// <summary>Why <paramref name="format"/> cannot hold the program, naming the formats that can; null when it can.</summary>
    public static string? Refusal(ProgramFormat format, ConicProgram program)
    {
        var reason = format.Rejects(program);
        if (reason is null) return null;
        var able = All.Where(f => f.Name != format.Name && f.Rejects(program) is null).Select(f => f.Name).ToList();
        // Writers often name an alternative themselves; only add the list when the reason does not.
        bool named = able.Any(a => reason.Contains($"--format {a}", StringComparison.Ordinal));
        return $"format '{format.Name}' cannot hold this program: {reason}" +
               (able.Count > 0 && !named ? $"; use --format {string.Join(" or --format ", able.Take(2))}" : "");
    }
}
