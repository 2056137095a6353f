namespace ConicDsl.Backends;

/// <summary>What <c>conicdsl --version</c> says about one backend: whether it can run here, and which version.</summary>
/// <param name="Detail">The version when found; otherwise what is missing and how to install it.</param>
public sealed record BackendVersion(string Backend, bool Found, string Detail);

/// <summary>A backend that can name its version without solving anything. Each probe is bounded in time
/// (<see cref="ProbeSeconds"/> per child process), so --version cannot hang on a broken installation.</summary>
public interface IVersionProbe
{
    public const double ProbeSeconds = 10;

    BackendVersion ProbeVersion();
}
