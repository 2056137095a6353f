using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends;

/// <summary>
/// The one place that lists the solver backends. A new backend is one class plus one line here.
/// </summary>
public static class BackendRegistry
{
    private static readonly Func<ISolverBackend>[] Factories =
    {
        () => new Native.NativeBackend(),
        () => new Cvxopt.CvxoptBackend(),
        () => new Scs.ScsBackend(),
        () => new OrTools.OrToolsBackend(),
        () => new Csdp.CsdpBackend(),
    };

    public static IReadOnlyList<ISolverBackend> All { get; } = Factories.Select(f => f()).ToList();

    public static ISolverBackend? Find(string name) =>
        All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

    /// <summary>Backend names and options, for the model checker (which must not depend on backends).</summary>
    public static BackendCatalog Catalog() =>
        new(All.Select(b => new KeyValuePair<string, IReadOnlyList<OptionInfo>>(b.Name, b.Options)));
}
