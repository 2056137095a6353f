using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>Everything the compiler produced for one model, with the time each stage took.</summary>
public sealed record CompiledModel(
    Model Model,
    Dataset Data,
    PatternSet Patterns,
    LoweredProgram Lowered,
    TimeSpan BindTime,
    TimeSpan PatternTime,
    TimeSpan LowerTime)
{
    public TimeSpan CompileTime => BindTime + PatternTime + LowerTime;
}
