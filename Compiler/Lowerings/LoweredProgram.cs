using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Lowerings;

/// <summary>The result of lowering a model: one standard-form program and the map back to network weights.</summary>
public sealed record LoweredProgram(string Architecture, ConicProgram Program, IRecoveryMap Recovery);
