namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// The solver backends and their options, as the caller knows them. The language project does not
/// reference the backends, so whoever loads a model passes this in; the checker uses it to validate the
/// <c>solve</c> statement.
/// </summary>
public sealed class BackendCatalog
{
    private readonly Dictionary<string, IReadOnlyList<OptionInfo>> _options;

    public BackendCatalog(IEnumerable<KeyValuePair<string, IReadOnlyList<OptionInfo>>> backends)
    {
        _options = new Dictionary<string, IReadOnlyList<OptionInfo>>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (name, options) in backends)
        {
            if (_options.TryAdd(name, options)) names.Add(name);
        }

        Names = names;
    }

    public static BackendCatalog Empty { get; } = new([]);

    /// <summary>Backend names in the order they were given.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The options of <paramref name="backend"/>, or null when there is no such backend.</summary>
    public IReadOnlyList<OptionInfo>? OptionsOf(string backend) =>
        _options.TryGetValue(backend, out var options) ? options : null;
}
