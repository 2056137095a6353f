using System.Text.Json.Nodes;
using ConicDsl.Cli;

namespace ConicDsl.Tests.Support;

/// <summary>Runs the conicdsl command in-process with captured stdout/stderr.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Out, string Error)
    {
        public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("no JSON on stdout:\n" + Error);
    }

    public static Outcome Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApplication.Run(args, new CliContext(o, e, CancellationToken.None));
        return new Outcome(code, o.ToString(), e.ToString());
    }

    public static string Example(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples", name);
}
