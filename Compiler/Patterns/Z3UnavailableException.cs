namespace ConicDsl.Compiler.Patterns;

/// <summary>The native Z3 library could not be loaded; the message is one line a CLI can print as is.</summary>
public sealed class Z3UnavailableException : Exception
{
    public Z3UnavailableException(Exception inner)
        : base("exact pattern enumeration needs the native Z3 library (libz3.so), which could not be loaded " +
               $"({inner.GetType().Name}); install it with `apt-get install libz3-dev` or use sampled patterns", inner)
    {
    }
}
