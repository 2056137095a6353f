using System.Text.Json.Nodes;

namespace ConicDsl.Compiler.Recovery;

/// <summary>An architecture-specific finding to report (e.g. a circular CNN's active frequencies): a JSON key and
/// value for <c>--json</c>, and a line for the text report.</summary>
public sealed record ReportFact(string Key, JsonNode? Json, string Text);
