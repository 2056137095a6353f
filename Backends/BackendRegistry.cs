namespace ConicDsl.Backends;

/// <summary>
/// The one place that lists the solver backends. A new backend is one class plus one line here.
/// </summary>
public static class BackendRegistry
{
    private static readonly Func<ISolverBackend>[] Factories =
    {
        () => new Native.NativeBackend(),
    };

    public static IReadOnlyList<ISolverBackend> All { get; } = Factories.Select(f => f()).ToList();

    public static ISolverBackend? Find(string name) =>
        All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

    /// <summary>Backend name → option name → help, for the model checker (which must not depend on backends).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Catalog() =>
        All.ToDictionary(b => b.Name, b => b.OptionHelp);
}
