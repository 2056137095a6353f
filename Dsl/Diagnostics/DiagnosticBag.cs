using System.Collections.Immutable;

namespace ConicDsl.Dsl.Diagnostics;

/// <summary>Collects diagnostics in the order they were found; stages append, nobody throws.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public bool HasErrors => _items.Any(d => d.IsError);

    public int Count => _items.Count;

    /// <summary>Sorted by file, line and column, so output does not depend on the order checks ran in.</summary>
    public ImmutableArray<Diagnostic> ToImmutableSorted() =>
        _items
            .Select((d, i) => (d, i))
            .OrderBy(p => p.d.Span.Path, StringComparer.Ordinal)
            .ThenBy(p => p.d.Span.Line)
            .ThenBy(p => p.d.Span.Column)
            .ThenBy(p => p.i)
            .Select(p => p.d)
            .ToImmutableArray();
}
