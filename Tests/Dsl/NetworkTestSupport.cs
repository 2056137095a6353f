using ConicDsl.Dsl.Semantics;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>Models that differ only in their network block. Line 3 is <c>network {</c>, so the block's first
/// line is line 4 and every line of it starts at column 5.</summary>
internal static class NetworkTestSupport
{
    public static string WithNetwork(params string[] lines) =>
        Model(["data \"d.csv\" target y", "network {", .. lines.Select(l => "  " + l), "}", "loss squared",
            "regularize weight_decay 0.01"]);

    public static FrontEndResult LoadNetwork(params string[] lines) => Load(WithNetwork(lines));

    /// <summary>The checked network of a block that must be accepted without errors.</summary>
    public static NetworkSpec Accepted(params string[] lines)
    {
        var result = LoadNetwork(lines);
        AssertOnlyErrors(result);
        return result.Model!.Network;
    }
}
